package io.timebank.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An error as RFC 9457 problem details ({@code application/problem+json}). {@code errors} names each
 * bad field; {@code reason} and {@code commandId} say why a command was refused.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldProblem> errors,
                      String reason, String commandId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Serdeable
    public record FieldProblem(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null);
    }
}
