package dev.jobpool.job.web;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report in problem JSON instead of its HTML page. It speaks for the requests Tomcat refuses
 * before any servlet sees them, so no error page can: a control character or an encoded {@code /} or NUL in
 * the path, an oversized or malformed header, too many headers, an {@code Expect} other than
 * {@code 100-continue}, a transfer coding Tomcat does not implement. {@link TomcatErrorCustomizer} puts it in
 * place of the stock valve.
 */
final class ProblemReportValve extends ErrorReportValve {

    private final JsonMapper json;

    ProblemReportValve(JsonMapper json) {
        this.json = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // as the stock valve: only an error nobody has answered yet, and only once
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemDetail problem = Problems.bounded(Problems.refusedByContainer(response.getStatus()));
        Problems.setInstance(problem, request.getRequestURI());
        try {
            byte[] body = json.writeValueAsBytes(problem);
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response can no longer be written: nothing more to tell it
        }
    }
}
