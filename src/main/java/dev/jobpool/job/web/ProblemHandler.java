package dev.jobpool.job.web;

import dev.jobpool.job.IdempotencyKeyReusedException;
import dev.jobpool.job.InvalidRequestException;
import dev.jobpool.job.JobConflictException;
import dev.jobpool.job.JobNotFoundException;
import dev.jobpool.job.JobSpec;
import dev.jobpool.job.MalformedJobIdException;
import dev.jobpool.job.QueueFullException;
import dev.jobpool.job.TenantForbiddenException;
import dev.jobpool.job.ShuttingDownException;
import dev.jobpool.job.StoreUnavailableException;
import dev.jobpool.jobtype.registry.ClientText;
import dev.jobpool.jobtype.registry.JsonItems;
import dev.jobpool.jobtype.registry.Violation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
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
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error a controller or Spring MVC raises, as RFC 9457 problem JSON (see {@link Problems}): a stable
 * {@code type} per problem, a fixed {@code title}, a {@code detail} that says what to change, and
 * {@code errors[]} or {@code jobId} where they help. Spring's own errors (unknown path, wrong method, bad
 * media type) get the same shape.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<Object> invalidRequest(InvalidRequestException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        problem.setProperty("errors", e.violations());
        return Problems.response(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> malformedId(MalformedJobIdException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-job-id", "Malformed job id", e.getMessage());
        problem.setProperty("errors", List.of(new Violation("id", e.getMessage())));
        return Problems.response(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> notFound(JobNotFoundException e) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", e.getMessage());
        problem.setProperty("jobId", e.jobId().toString());
        return Problems.response(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> conflict(JobConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "job-conflict", "Job is in the wrong state", e.getMessage());
        problem.setProperty("jobId", e.jobId().toString());
        return Problems.response(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> queueFull(QueueFullException e) {
        ProblemDetail problem = e.tenant() == null
                ? Problems.of(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full", e.getMessage())
                : Problems.of(HttpStatus.TOO_MANY_REQUESTS, "tenant-quota", "Tenant quota reached", e.getMessage());
        problem.setProperty("pool", e.pool().id());
        return Problems.response(problem, Problems.retryAfter(e.retryAfter()));
    }

    @ExceptionHandler
    ResponseEntity<Object> otherTenant(TenantForbiddenException e) {
        return Problems.response(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Object> submissionsBusy(SubmissionMemoryBudget.SubmissionsBusyException e) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "submissions-busy", "Too many large submissions",
                e.getMessage());
        return Problems.response(problem, Problems.retryAfter(e.retryAfter()));
    }

    @ExceptionHandler
    ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency key reused", e.getMessage());
        problem.setProperty("jobId", e.jobId().toString());
        return Problems.response(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> storeUnavailable(StoreUnavailableException e) {
        log.warn("job store unavailable: {}", e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Job store unavailable",
                "the job store cannot be reached right now; nothing was changed, try again shortly");
        return Problems.response(problem, Problems.retryAfter(e.retryAfter()));
    }

    @ExceptionHandler
    ResponseEntity<Object> shuttingDown(ShuttingDownException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down", e.getMessage());
        return Problems.response(problem, Problems.retryAfter(e.retryAfter()));
    }

    /** Tomcat could not decode the query string (a bad %-escape, bytes that are not UTF-8): the client's to fix. */
    @ExceptionHandler
    ResponseEntity<Object> undecodableQuery(InvalidParameterException e) {
        if (e.getErrorCode() != HttpStatus.BAD_REQUEST.value() && e.getErrorCode() >= 400 && e.getErrorCode() < 500) {
            return Problems.response(Problems.refusedByContainer(e.getErrorCode()));
        }
        return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "the query string cannot be decoded; percent-encode each parameter as UTF-8"));
    }

    /** Anything else is our bug: log it whole, tell the client nothing internal. */
    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error handling a request", e);
        return Problems.response(Problems.internalError());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        RequestSizeFilter.PayloadTooLargeException tooLarge = causeOf(e, RequestSizeFilter.PayloadTooLargeException.class);
        if (tooLarge != null) {
            return Problems.response(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request too large",
                    tooLarge.getMessage()));
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", readableDetail(e));
        DatabindException databind = causeOf(e, DatabindException.class);
        if (databind != null && !databind.getPath().isEmpty()) {
            problem.setProperty("errors", List.of(new Violation(fieldPath(databind), bindingMessage(databind))));
        }
        return Problems.response(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String field = String.valueOf(e.getPropertyName());
        String detail = ClientText.quote(String.valueOf(e.getValue())) + " is not a valid " + field;
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", List.of(new Violation(field, detail)));
        return Problems.response(problem);
    }

    /** Spring's own problems keep their detail but get a stable type, and problem JSON whatever was accepted. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            Problems.named(problem);
            return Problems.response(problem, headers);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String readableDetail(HttpMessageNotReadableException e) {
        DatabindException databind = causeOf(e, DatabindException.class);
        if (databind != null) {
            return "the job spec could not be read at " + fieldPath(databind) + ": " + bindingMessage(databind);
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

    /**
     * What was wrong at that field, in the API's words: Jackson's own message names Java classes and quotes a
     * whole property name, however long.
     */
    private static String bindingMessage(DatabindException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field " + ClientText.quote(unknown.getPropertyName()) + "; the fields are "
                    + unknown.getKnownPropertyIds();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(type) || type == JsonItems.class) {
            return "an array";
        }
        return type == JobSpec.class ? "a job spec, a JSON object such as {\"type\":\"sleep\",\"input\":{\"duration\":\"2s\"}}"
                : "a value of another type";
    }

    /** {@code items[2].duration}, from Jackson's reference chain; each name cut short, as the client may have sent any. */
    private static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ClientText.shorten(reference.getPropertyName(), ClientText.MAX_QUOTED));
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
