package dev.jobpool.job.web;

import dev.jobpool.job.IdempotencyKeyReusedException;
import dev.jobpool.job.InvalidRequestException;
import dev.jobpool.job.JobConflictException;
import dev.jobpool.job.JobNotFoundException;
import dev.jobpool.job.MalformedJobIdException;
import dev.jobpool.job.QueueFullException;
import dev.jobpool.job.ShuttingDownException;
import dev.jobpool.job.StoreUnavailableException;
import dev.jobpool.jobtype.registry.Violation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Every error the API returns, as RFC 9457 problem JSON: a stable {@code type} per problem, a fixed
 * {@code title}, a {@code detail} that says what to change, and {@code errors[]} or {@code jobId} where they
 * help. Spring's own errors (unknown path, wrong method, bad media type) get the same shape.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String TYPE_BASE = "https://jobpool.dev/problems/";

    @ExceptionHandler
    ResponseEntity<Object> invalidRequest(InvalidRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        problem.setProperty("errors", e.violations());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> malformedId(MalformedJobIdException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-job-id", "Malformed job id", e.getMessage());
        problem.setProperty("errors", List.of(new Violation("id", e.getMessage())));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> notFound(JobNotFoundException e) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", e.getMessage());
        problem.setProperty("jobId", e.jobId().toString());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> conflict(JobConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "job-conflict", "Job is in the wrong state", e.getMessage());
        problem.setProperty("jobId", e.jobId().toString());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> queueFull(QueueFullException e) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full", e.getMessage());
        problem.setProperty("pool", e.pool().id());
        return withRetryAfter(HttpStatus.TOO_MANY_REQUESTS, e.retryAfter(), problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency key reused", e.getMessage());
        problem.setProperty("jobId", e.jobId().toString());
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> storeUnavailable(StoreUnavailableException e) {
        log.warn("job store unavailable: {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Job store unavailable",
                "the job store cannot be reached right now; nothing was changed, try again shortly");
        return withRetryAfter(HttpStatus.SERVICE_UNAVAILABLE, e.retryAfter(), problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> shuttingDown(ShuttingDownException e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down", e.getMessage());
        return withRetryAfter(HttpStatus.SERVICE_UNAVAILABLE, e.retryAfter(), problem);
    }

    /** Anything else is our bug: log it whole, tell the client nothing internal. */
    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error handling a request", e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the service failed to handle this request; the error is logged");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        RequestSizeFilter.PayloadTooLargeException tooLarge = causeOf(e, RequestSizeFilter.PayloadTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request too large", tooLarge.getMessage()));
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", readableDetail(e));
        DatabindException databind = causeOf(e, DatabindException.class);
        if (databind != null && !databind.getPath().isEmpty()) {
            problem.setProperty("errors", List.of(new Violation(fieldPath(databind), databind.getOriginalMessage())));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String field = e.getPropertyName();
        String detail = "'" + e.getValue() + "' is not a valid " + field;
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", List.of(new Violation(String.valueOf(field), detail)));
        return ResponseEntity.badRequest().body(problem);
    }

    /** Spring's own problems keep its detail but get a stable type and our title. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String slug = known == null ? "error" : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setType(URI.create(TYPE_BASE + slug));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<Object> withRetryAfter(HttpStatus status, Duration retryAfter, ProblemDetail problem) {
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .body(problem);
    }

    private static String readableDetail(HttpMessageNotReadableException e) {
        DatabindException databind = causeOf(e, DatabindException.class);
        if (databind != null) {
            return "the job spec could not be read at " + fieldPath(databind) + ": " + databind.getOriginalMessage();
        }
        JacksonException json = causeOf(e, JacksonException.class);
        if (json != null) {
            return "the body is not valid JSON: " + json.getOriginalMessage()
                    + (json.getLocation() != null ? " (line " + json.getLocation().getLineNr() + ", column "
                            + json.getLocation().getColumnNr() + ")" : "");
        }
        return "the request needs a JSON body (Content-Type: application/json), such as "
                + "{\"type\":\"sleep\",\"input\":{\"duration\":\"2s\"}}";
    }

    /** {@code items[2].duration}, from Jackson's reference chain. */
    private static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
