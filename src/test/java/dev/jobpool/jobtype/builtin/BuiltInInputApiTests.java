package dev.jobpool.jobtype.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Inputs of the built-in types that can never run are refused at submit, over real HTTP, with the field named;
 * the SSRF guard's refusals reach the job. The service runs with its defaults: private networks refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BuiltInInputApiTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @ParameterizedTest(name = "{0} is refused at {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"http\",\"input\":{\"method\":\"XGETX\",\"url\":\"http://example.com/\"}} | input.method",
            "{\"type\":\"hash\",\"input\":{\"algorithm\":\"SHA-256x\",\"sizeMb\":1}}               | input.algorithm",
            "{\"type\":\"http\",\"input\":{\"url\":\"http://exa mple.com/\"}}                      | input.url",
            "{\"type\":\"http\",\"input\":{\"url\":\"http://[::1/\"}}                              | input.url",
            "{\"type\":\"http\",\"input\":{\"url\":\"http://example.com:99999/\"}}                 | input.url",
            "{\"type\":\"http\",\"input\":{\"url\":\"ftp://example.com/\"}}                        | input.url",
            "{\"type\":\"http\",\"items\":[{\"url\":\"http://example.com/\"},{\"url\":\"http://h:0/\"}]} | items[1].url",
            "{\"type\":\"square\",\"input\":3037000500}                                        | input",
            "{\"type\":\"square\",\"input\":-3037000500,\"pool\":\"io\"}                      | input",
            "{\"type\":\"square\",\"items\":[3037000499,-9223372036854775808]}                  | items[1]"})
    void anInputThatCanNeverRunIsA400NamingItsField(String spec, String field) {
        Api.Response refused = api.post("/api/v1/jobs", spec);
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().get("type").asString()).isEqualTo("https://jobpool.dev/problems/invalid-request");
        assertThat(fields(refused)).contains(field);
    }

    @Test
    void theLargestSquareThatFitsALongRuns() {
        JsonNode job = api.await(api.submit("{\"type\":\"square\",\"items\":[-3037000499,3037000499]}"), Duration.ofSeconds(30));
        assertThat(job.get("result").get(0).asLong()).isEqualTo(9_223_372_030_926_249_001L);
        assertThat(job.get("result").get(1).asLong()).isEqualTo(9_223_372_030_926_249_001L);
    }

    @Test
    void aHugeUrlIsRefusedByTheLengthCap() {
        String url = "http://" + "a".repeat(64_000) + "\\nx";
        Api.Response refused = api.post("/api/v1/jobs", "{\"type\":\"http\",\"input\":{\"url\":\"" + url + "\"}}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo("input.url");
            assertThat(error.get("message").asString()).isEqualTo("must be at most 8192 characters long");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[::127.0.0.1]:1/", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
            "http://[2002:7f00:1::]:1/", "http://192.0.2.1/", "http://198.18.0.1/"})
    void anAddressInsideTheOperatorsNetworkFailsTheJobAsInvalidInput(String url) {
        String id = api.submit("{\"type\":\"http\",\"input\":{\"url\":\"" + url + "\"}}");
        JsonNode job = api.await(id, Duration.ofSeconds(20));
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo("INVALID_INPUT");
        assertThat(job.get("error").get("message").asString()).contains("jobpool.http.allow-private-networks=true");
    }

    private static List<String> fields(Api.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }
}
