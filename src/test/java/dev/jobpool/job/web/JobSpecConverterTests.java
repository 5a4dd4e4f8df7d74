package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.job.JobSpec;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Big map specs whose items are plain integers take the fast way ({@link JobSpecConverter}); over real HTTP, every
 * answer is the one the JSON parser alone gives: the same job when the spec is good, the same error when it is not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobSpecConverterTests {

    private static final int COUNT = 20_000;
    /** 0 to 19,999 with whitespace the scan skips: well past the size the fast way starts at. */
    private static final String ITEMS = IntStream.range(0, COUNT).mapToObj(i -> (i % 7 == 0 ? "\n" : " ") + i)
            .collect(Collectors.joining(" ,", "[", " ]"));

    @LocalServerPort
    int port;

    RawHttp http;

    @BeforeEach
    void client() {
        http = new RawHttp(port);
    }

    @Test
    void aBigMapOfIntegersRunsWithEveryFieldAroundItsItems() {
        assertThat(ITEMS.length()).isGreaterThan(JobSpecConverter.FAST_FROM_BYTES);
        String spec = "{\"type\":\"square\",\"labels\":{\"run\":\"before\"},\"items\":" + ITEMS
                + ",\"timeout\":\"1m\",\"chunkSize\":500}";

        JsonNode job = runToTheEnd(post(spec));

        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("timeout").asString()).isEqualTo("1m");
        assertThat(job.get("labels").get("run").asString()).isEqualTo("before");
        assertSquares(job.get("result"));
    }

    @Test
    void aBigBodySentInChunksWithoutItsLengthTakesTheSameWay() {
        byte[] body = ("{\"items\":" + ITEMS + ",\"type\":\"square\"}").getBytes(StandardCharsets.UTF_8);
        StringBuilder chunked = new StringBuilder();
        for (int at = 0; at < body.length; at += 4096) {
            int length = Math.min(4096, body.length - at);
            chunked.append(Integer.toHexString(length)).append("\r\n")
                    .append(new String(body, at, length, StandardCharsets.ISO_8859_1)).append("\r\n");
        }
        chunked.append("0\r\n\r\n");

        RawHttp.Response submitted = http.send("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + dev.jobpool.Api.ADMIN_KEY + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", chunked.toString().getBytes(StandardCharsets.ISO_8859_1));

        JsonNode job = runToTheEnd(submitted);
        assertSquares(job.get("result"));
    }

    @Test
    void anItemThatIsNoIntegerLeavesTheArrayToTheParser() {
        String items = ITEMS.substring(0, ITEMS.length() - 1) + ",\"x\"]";

        RawHttp.Response refused = post("{\"type\":\"square\",\"items\":" + items + "}");

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).startsWith("items[" + COUNT + "]");
    }

    @Test
    void anUnknownFieldAfterTheItemsIsNamed() {
        RawHttp.Response refused = post("{\"type\":\"square\",\"items\":" + ITEMS + ",\"timout\":\"1m\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("timout");
    }

    @Test
    void twoItemsArraysAreRefusedAsDuplicates() {
        RawHttp.Response refused = post("{\"type\":\"square\",\"items\":" + ITEMS + ",\"items\":[1]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("Duplicate", "items");
    }

    /** The error's column is the client's: counted in the body sent, not in the spec bound after the scan. */
    @Test
    void brokenJsonAfterTheItemsIsPlacedInTheBodyAsSent() {
        String body = "{\"type\":\"square\",\"items\":" + ITEMS.replace('\n', ' ') + ",\"timeout\":}";

        RawHttp.Response refused = post(body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("line 1, column " + body.length() + ")");
    }

    /** A big body that ends before its declared length is a 400 problem (Tomcat's own refusal), not a 500. */
    @Test
    void aBigBodyCutShortIsRefusedAsUnreadable() {
        byte[] body = ("{\"type\":\"square\",\"items\":" + ITEMS + "}").getBytes(StandardCharsets.UTF_8);

        RawHttp.Response refused = http.send("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + dev.jobpool.Api.ADMIN_KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (body.length + 1000) + "\r\n\r\n", body);

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().get("detail").asString()).contains("framing of its body");
    }

    /** The branch itself: which specs the fast way takes, and which it leaves to the parser. */
    @Test
    void theFastWayTakesPlainIntegersAndLeavesEverythingElse() {
        JsonMapper.Builder mapper = JsonMapper.builder();
        new StrictJsonBinding().customize(mapper);
        JobSpecConverter converter = new JobSpecConverter(mapper.build());

        JobSpec taken = converter.readFast(bytes("{\"type\":\"square\",\"items\":" + ITEMS + ",\"priority\":3}"), new HttpHeaders())
                .orElseThrow();
        assertThat(taken.type()).isEqualTo("square");
        assertThat(taken.priority()).isEqualTo(3);
        assertThat(taken.items().isLongs()).isTrue();
        assertThat(taken.items().size()).isEqualTo(COUNT);
        assertThat(taken.items().longAt(COUNT - 1)).isEqualTo(COUNT - 1);

        String textItems = ITEMS.substring(0, ITEMS.length() - 1) + ",\"x\"]";
        for (String left : new String[] {
                "{\"type\":\"square\",\"items\":" + textItems + "}",
                "{\"type\":\"square\",\"input\":3,\"items\":" + ITEMS + "}",
                "{\"type\":\"square\",\"items\":" + ITEMS + ",\"items\":[1]}",
                "{\"type\":\"square\",\"items\":" + ITEMS + ",\"timout\":\"1m\"}",
                "{\"type\":\"square\",\"items\":" + ITEMS + ",}",
                "{\"type\":\"square\",\"labels\":{\"items\":" + ITEMS + "}}",
                "[" + ITEMS + "]"}) {
            assertThat(converter.readFast(bytes(left), new HttpHeaders())).as(left.substring(0, 60)).isEmpty();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RawHttp.Response post(String spec) {
        return http.request("POST", "/api/v1/jobs", "Content-Type: application/json\r\n", spec);
    }

    private JsonNode runToTheEnd(RawHttp.Response submitted) {
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        JsonNode job;
        do {
            job = http.request("GET", "/api/v1/jobs/" + id + "?wait=30s", "", "").json();
        } while (job.get("status").asString().equals("QUEUED") || job.get("status").asString().equals("RUNNING"));
        return job;
    }

    private static void assertSquares(JsonNode result) {
        assertThat(result.size()).isEqualTo(COUNT);
        for (int i = 0; i < COUNT; i++) {
            assertThat(result.get(i).asLong()).as("item %d", i).isEqualTo((long) i * i);
        }
    }
}
