package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Requests a hostile or broken client sends, over a real socket to the started service: each is refused
 * before anything is stored, with problem JSON, never a 5xx, whether Spring or Tomcat refuses it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileRequestTests {

    private static final String PROBLEMS = "https://jobpool.dev/problems/";
    private static final String SLEEP = "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}";

    @LocalServerPort
    int port;

    RawHttp http;

    @BeforeEach
    void client() {
        http = new RawHttp(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/xml", "image/png", "foo", "application/json;q=x;;", "text/*"})
    void aSubmissionThatAcceptsNoJsonIsRefusedBeforeItIsStored(String accept) {
        int before = jobCount();

        RawHttp.Response response = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\nAccept: "
                + accept + "\r\n", SLEEP);

        assertThat(response.status()).isEqualTo(406);
        assertThat(response.header("Location")).isNull();
        assertProblem(response, "not-acceptable");
        assertThat(jobCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "application/json;charset=no-such-charset", "text/plain", "foo"})
    void anUnusableContentTypeIs415NotA500(String contentType) {
        int before = jobCount();

        RawHttp.Response response = http.request("POST", "/api/v1/jobs", "Content-Type: " + contentType + "\r\n", SLEEP);

        assertThat(response.status()).isEqualTo(415);
        assertProblem(response, "unsupported-media-type");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void theErrorPathItselfIsA404() {
        RawHttp.Response response = http.request("GET", "/error", "", "");

        assertThat(response.status()).isEqualTo(404);
        assertProblem(response, "not-found");
        assertThat(response.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void traceIsAProblem405() {
        RawHttp.Response response = http.request("TRACE", "/api/v1/jobs", "", "");

        assertThat(response.status()).isEqualTo(405);
        assertProblem(response, "method-not-allowed");
    }

    @Test
    void aTransferCodingTomcatDoesNotImplementIs400Not501() {
        int before = jobCount();

        RawHttp.Response response = http.send("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n", SLEEP.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "bad-request");
        assertThat(response.json().get("detail").asString()).contains("transfer coding");
        assertThat(jobCount()).isEqualTo(before);
    }

    /** Tomcat refuses these before any servlet sees them; its stock answer is an HTML page. */
    @ParameterizedTest
    @ValueSource(strings = {
        "GET /api/v1/jobs/a\u0001b HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /api/v1/jobs/a%2fb HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /api/v1/jobs/a%00b HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nX-Broken header\r\n\r\n",
        "GET /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET /api/v1/jobs HTTP/1.1\r\n\r\n",
        "NOT HTTP AT ALL\r\n\r\n",
        // with a credential, so the body is read at all (without one the request ends at 401 first)
        "POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Authorization: Bearer " + dev.jobpool.Api.ADMIN_KEY + "\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    })
    void whatTomcatRefusesIsAProblem400(String request) {
        RawHttp.Response response = http.send(request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "bad-request");
    }

    @Test
    void anOversizedHeaderOrTooManyHeadersIsAProblem() {
        RawHttp.Response oversized = http.request("GET", "/api/v1/jobs", "X-Big: " + "x".repeat(64 * 1024) + "\r\n", "");
        RawHttp.Response tooMany = http.request("GET", "/api/v1/jobs", "X-Many: 1\r\n".repeat(200), "");

        assertThat(oversized.status()).isEqualTo(400);
        assertProblem(oversized, "bad-request");
        assertThat(tooMany.status()).isEqualTo(400);
        assertProblem(tooMany, "bad-request");
    }

    @Test
    void anExpectationOtherThan100ContinueIsAProblem417() {
        int before = jobCount();

        RawHttp.Response response = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\nExpect: 200-ok\r\n", SLEEP);

        assertThat(response.status()).isEqualTo(417);
        assertProblem(response, "expectation-failed");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aRejected15MegabyteTimeoutIsQuotedByAShortPrefix() {
        String timeout = "9".repeat(15 * 1024 * 1024) + "x";

        RawHttp.Response response = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\n",
                "{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"timeout\":\"" + timeout + "\"}");

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "invalid-request");
        assertThat(response.body().length).isLessThan(2048);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("timeout");
        assertThat(response.json().get("detail").asString()).contains("9999…'").contains("is not a duration");
    }

    @Test
    void anInputOfMoreValuesThanATreeMayHoldIsRefusedBeforeItIsBuilt() {
        // 16 MB of empty objects would be 5.6 million nodes, some 500 MB of heap; the reader stops at a million values
        int before = jobCount();
        String withinLimit = "[" + "0,".repeat(999_998) + "0]"; // with its array, a million values exactly

        RawHttp.Response tooMany = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\n",
                "{\"type\":\"sleep\",\"input\":[" + "{},".repeat(5_000_000) + "{}]}");
        RawHttp.Response atTheLimit = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\n",
                "{\"type\":\"sleep\",\"input\":" + withinLimit + "}");

        assertThat(tooMany.status()).isEqualTo(400);
        assertProblem(tooMany, "malformed-json");
        assertThat(tooMany.json().get("detail").asString()).contains("input").contains("more than 1000000 values");
        assertThat(atTheLimit.status()).as("read, then refused by the type's schema").isEqualTo(400);
        assertProblem(atTheLimit, "invalid-request");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aLongUnknownFieldNameIsQuotedByAShortPrefix() {
        RawHttp.Response response = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\n",
                "{\"type\":\"sleep\",\"" + "k".repeat(40_000) + "\":1}");

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "malformed-json");
        assertThat(response.body().length).isLessThan(2048);
        assertThat(response.text()).doesNotContain("dev.jobpool");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/jobs?status=%C1", "/api/v1/jobs?wait=%FB%9C", "/api/v1/jobs?=%C1*;", "/api/v1/jobs?cursor=%zz"})
    void aQueryStringThatCannotBeDecodedIs400(String target) {
        RawHttp.Response response = http.request("GET", target, "", "");

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "invalid-request");
    }

    @Test
    void multipartAndFormBodiesAreRefusedNotParsed() {
        int before = jobCount();

        RawHttp.Response multipart = http.request("POST", "/api/v1/jobs", "Content-Type: multipart/form-data\r\n", SLEEP);
        RawHttp.Response form = http.request("PUT", "/api/v1/jobs", "Content-Type: application/x-www-form-urlencoded\r\n", "a=%é");

        assertThat(multipart.status()).isEqualTo(415);
        assertProblem(multipart, "unsupported-media-type");
        assertThat(form.status()).isEqualTo(405);
        assertProblem(form, "method-not-allowed");
        assertThat(jobCount()).isEqualTo(before);
    }

    /** Found by the fuzz (seed -2072567976025846744): an actuator endpoint read the header and failed with a 500. */
    @Test
    void aWildcardContentTypeOnAnActuatorEndpointIs415NotA500() {
        RawHttp.Response response = http.request("GET", "/actuator/health/liveness", "Content-Type: application/*\r\n", "");

        assertThat(response.status()).isEqualTo(415);
        assertProblem(response, "unsupported-media-type");
    }

    /** Spring Security's firewall refuses a path that is not normalised (it could slip past a path rule). */
    @Test
    void aPathThatIsNoUriReferenceIsA400WithAnEncodedInstance() {
        RawHttp.Response response = http.request("GET", "//", "", "");

        assertThat(response.status()).isEqualTo(400);
        assertProblem(response, "bad-request");
        assertThat(response.json().get("instance").asString()).isEqualTo("%2F%2F");
    }

    @Test
    void aCharsetInAcceptIsIgnoredJsonIsUtf8() {
        int before = jobCount();

        RawHttp.Response response = http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\n"
                + "Accept: application/json; charset=utf-16\r\n", SLEEP);

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.json().get("type").asString()).isEqualTo("sleep");
        assertThat(jobCount()).isEqualTo(before + 1);
    }

    @Test
    void anErrorForwardedByTomcatSurvivesAnUnusableCharset() {
        RawHttp.Response response = http.request("TRACE", "/api/v1/jobs", "Content-Type: application/json; charset=\r\n", "");

        assertThat(response.status()).isEqualTo(405);
        assertProblem(response, "method-not-allowed");
    }

    private void assertProblem(RawHttp.Response response, String slug) {
        assertThat(response.isProblem()).as("problem JSON, got %s: %s", response.header("Content-Type"), response.text()).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(response.status());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    private int jobCount() {
        RawHttp.Response list = http.request("GET", "/api/v1/jobs?limit=1000", "", "");
        assertThat(list.status()).isEqualTo(200);
        return list.json().get("jobs").size();
    }
}
