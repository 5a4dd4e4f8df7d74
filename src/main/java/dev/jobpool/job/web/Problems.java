package dev.jobpool.job.web;

import dev.jobpool.jobtype.registry.ClientText;
import dev.jobpool.jobtype.registry.Violation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The one shape of every error the service answers, RFC 9457 problem JSON: a stable {@code type}, a fixed
 * {@code title}, a {@code detail} for a person and, where they help, {@code errors[]}. {@link ProblemHandler}
 * (errors in a controller or in Spring MVC), {@link ProblemErrorController} (errors Tomcat forwards to
 * {@code /error}) and {@link ProblemReportValve} (requests Tomcat refuses before any servlet sees them) all
 * build their answers here.
 */
public final class Problems {

    static final String TYPE_BASE = "https://jobpool.dev/problems/";

    /* Whatever a message quotes, an answer stays small: a last bound after ClientText's per-value one. */
    private static final int MAX_DETAIL = 1000;
    private static final int MAX_FIELD = 200;

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** A problem named after its status, as Spring's and Tomcat's own errors are: {@code not-acceptable}, "Not Acceptable". */
    static ProblemDetail ofStatus(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        named(problem);
        return problem;
    }

    /** Gives a problem that has none (Spring's own) the stable type and title of its status. */
    static void named(ProblemDetail problem) {
        HttpStatus known = HttpStatus.resolve(problem.getStatus());
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            String slug = known == null ? "error" : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setType(URI.create(TYPE_BASE + slug));
        }
        if (problem.getTitle() == null && known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
    }

    /**
     * {@code instance} is the request path. Spring would set it with {@code URI.create}, which fails on a
     * path such as {@code //} (it reads as the start of a host) and turns a 404 into a 500; a path that is
     * no URI reference as it stands is given fully percent-encoded instead.
     */
    static void setInstance(ProblemDetail problem, String path) {
        if (path == null || path.isEmpty()) {
            return;
        }
        try {
            problem.setInstance(URI.create(path));
        } catch (IllegalArgumentException e) {
            problem.setInstance(URI.create(UriUtils.encode(path, StandardCharsets.UTF_8)));
        }
    }

    /** Anything the service did not expect is its own bug: the client learns nothing internal. */
    static ProblemDetail internalError() {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the service failed to handle this request; the error is logged");
    }

    /**
     * A request Tomcat refused, by the status it chose. The words are fixed, never Tomcat's message, which
     * can quote the request line. Tomcat answers 501 to a transfer coding it does not implement and 505 to an
     * HTTP version it does not speak: both refuse what the client sent, so they are 400 here.
     */
    static ProblemDetail refusedByContainer(int status) {
        return switch (status) {
            case 400 -> ofStatus(HttpStatus.BAD_REQUEST,
                    "the request is not valid HTTP/1.1: check its request line, its headers and the framing of its body");
            case 404 -> ofStatus(HttpStatus.NOT_FOUND, "nothing is served at this path");
            case 405 -> ofStatus(HttpStatus.METHOD_NOT_ALLOWED,
                    "this method is not allowed here; the Allow header lists those that are");
            case 408 -> ofStatus(HttpStatus.REQUEST_TIMEOUT, "the request did not arrive in time");
            case 413 -> ofStatus(HttpStatus.CONTENT_TOO_LARGE, "the request is larger than the service accepts");
            case 414 -> ofStatus(HttpStatus.URI_TOO_LONG, "the request target is longer than the service accepts");
            case 417 -> ofStatus(HttpStatus.EXPECTATION_FAILED,
                    "the only expectation this service meets is Expect: 100-continue");
            case 431 -> ofStatus(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "the request headers are larger than the service accepts");
            case 501 -> ofStatus(HttpStatus.BAD_REQUEST, "the request uses a transfer coding this service does not "
                    + "implement; send the body with Content-Length or Transfer-Encoding: chunked");
            case 505 -> ofStatus(HttpStatus.BAD_REQUEST, "this service speaks HTTP/1.1 and HTTP/1.0 only");
            case 503 -> ofStatus(HttpStatus.SERVICE_UNAVAILABLE, "the service cannot take requests now; try again shortly");
            default -> status >= 500 ? internalError()
                    : ofStatus(HttpStatusCode.valueOf(status), "the service refused the request as sent");
        };
    }

    /**
     * The response for a problem, whatever the request's {@code Accept} said: a client that asked for HTML
     * or XML still gets problem JSON (RFC 9457 servers do), never an empty {@code 406}.
     */
    public static ResponseEntity<Object> response(ProblemDetail problem, HttpHeaders headers) {
        if (problem.getInstance() == null
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            setInstance(problem, attributes.getRequest().getRequestURI());
        }
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(bounded(problem));
    }

    public static ResponseEntity<Object> response(ProblemDetail problem) {
        return response(problem, HttpHeaders.EMPTY);
    }

    /** A {@code Retry-After} header of whole seconds, at least one. */
    public static HttpHeaders retryAfter(java.time.Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return headers;
    }

    /** Caps every text a problem carries, so no message that quotes a client's value can make it large. */
    static ProblemDetail bounded(ProblemDetail problem) {
        problem.setDetail(ClientText.shorten(problem.getDetail(), MAX_DETAIL));
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> errors) {
            problem.setProperty("errors", errors.stream()
                    .map(error -> error instanceof Violation violation ? bounded(violation) : error)
                    .toList());
        }
        return problem;
    }

    private static Violation bounded(Violation violation) {
        return new Violation(ClientText.shorten(violation.field(), MAX_FIELD),
                ClientText.shorten(violation.message(), MAX_DETAIL));
    }
}
