package io.timebank.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Micronaut's own errors (malformed JSON, a missing route, an unsupported media type, a body that
 * does not bind) as problem+json too, naming the field where Micronaut knows it.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        List<Problem.FieldProblem> fields = context.getErrors().stream()
            .filter(error -> error.getPath().isPresent())
            .map(error -> new Problem.FieldProblem(field(error), error.getMessage()))
            .toList();
        String detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(response.reason());
        Problem problem = new Problem("about:blank", response.reason(), status, detail, fields.isEmpty() ? null : fields,
            null, null);
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    private static String field(Error error) {
        String path = error.getPath().orElse("body");
        return path.startsWith("/") ? path.substring(1).replace('/', '.') : path;
    }
}
