package dev.jobpool.job.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jobpool.jobtype.registry.Violation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of every error, as the OpenAPI spec describes it: RFC 9457 problem details with the extensions
 * {@link ProblemHandler} adds. Only documentation reads this record (and the examples are instances of it);
 * the handler itself builds Spring's {@code ProblemDetail}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details; every error the API answers has this shape")
record ProblemSchema(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri",
                description = "Identifies the problem; stable, one per kind of problem",
                example = "https://jobpool.dev/problems/invalid-request") String type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "A fixed summary of the problem type", example = "Invalid request") String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The HTTP status code", example = "400")
        int status,
        @Schema(description = "What went wrong with this request and what to change, for a person") String detail,
        @Schema(description = "The request path", example = "/api/v1/jobs") String instance,
        @Schema(description = "Each invalid field of the request, with what is wrong with it") List<Violation> errors,
        @Schema(format = "uuid", description = "The job the problem is about", example = "3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17")
        String jobId,
        @Schema(description = "The pool whose queue is full", example = "cpu") String pool) {
}
