package io.timebank.api;

import io.micronaut.http.HttpStatus;
import io.timebank.ledger.FieldError;
import java.util.List;

/** Thrown where a request cannot be served; the one handler turns it into problem+json. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(new Problem("about:blank", "Invalid request", HttpStatus.UNPROCESSABLE_ENTITY.getCode(),
            detail, errors.stream().map(error -> new Problem.FieldProblem(error.field(), error.message())).toList(),
            null, null));
    }

    public static ProblemException of(HttpStatus status, String detail) {
        return new ProblemException(Problem.of(status.getCode(), status.getReason(), detail));
    }

    public Problem problem() {
        return problem;
    }
}
