package io.timebank.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** Every error this API raises, as problem+json. */
final class ProblemHandler {

    private ProblemHandler() {
    }

    static HttpResponse<Problem> respond(Problem problem) {
        var response = HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status())).contentType(Problem.MEDIA_TYPE);
        if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE.getCode()) {
            response.header("Retry-After", "1");
        }
        return response.body(problem);
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = {ProblemException.class, ExceptionHandler.class})
    static final class Problems implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
            return respond(exception.problem());
        }
    }

    /**
     * While Kafka Streams restores or rebalances, stores cannot be read: the client should retry
     * shortly rather than see an error, or worse, a wrong balance.
     */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = {InvalidStateStoreException.class, ExceptionHandler.class})
    static final class NotReady implements ExceptionHandler<InvalidStateStoreException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, InvalidStateStoreException exception) {
            return respond(Problem.of(503, "Ledger not ready", "the ledger is starting or rebalancing; retry shortly"));
        }
    }
}
