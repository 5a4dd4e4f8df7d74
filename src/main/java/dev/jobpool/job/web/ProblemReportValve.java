package dev.jobpool.job.web;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report in problem JSON instead of its HTML page. It speaks for the requests Tomcat refuses
 * before any servlet sees them, so no error page can: a control character or an encoded {@code /} or NUL in
 * the path, an oversized or malformed header, too many headers, an {@code Expect} other than
 * {@code 100-continue}, a transfer coding Tomcat does not implement. {@link TomcatErrorCustomizer} puts it in
 * place of the stock valve.
 */
final class ProblemReportValve extends ErrorReportValve {

    private final ProblemBodyWriter problems;

    ProblemReportValve(JsonMapper json) {
        this.problems = new ProblemBodyWriter(json);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // as the stock valve: only an error nobody has answered yet, and only once
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            problems.write(response, Problems.refusedByContainer(response.getStatus()), request.getRequestURI());
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response can no longer be written: nothing more to tell it
        }
    }
}
