package dev.jobpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.cpupool.EchoJobType;
import dev.jobpool.jobtype.InProcess;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.builtin.SquareJobType;
import dev.jobpool.jobtype.registry.JobJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A map job's items from the request to the handler and its outputs back, over real HTTP, the embedded store and
 * real worker JVMs (or the I/O pool's threads): the result is exactly what the same handler gives in this JVM,
 * item by item, as the service ran it before items travelled as compact data (each item a tree, bound, its output
 * turned into a tree). Items that do not read are a 400, never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobpool.cpu.workers=2", "jobpool.cpu.worker-heap=128MB", "jobpool.jobs.max-items=20000"})
class MapDataPathTests {

    /** Items of every kind, each written as a client may write it. */
    private static final List<String> EVERY_KIND = List.of("3", "-7", "0", "-0", "9223372036854775807",
            "-9223372036854775808", "12345678901234567890", "-98765432109876543210987654321", "1.50", "-2.5e-3", "1E+2",
            "1e400", "\"text\"", "\"\"", "\"caf\\u00e9 \\\"quoted\\\" \\\\ \\n tab\\t \u00fc \uD83D\uDE00\"", "\"a,b]c\"", "true",
            "false", "null", "[]", "{}", "[1,[2,[3]],\"x\"]", "{\"b\":[1,{\"c\":null}],\"a\":\"x\",\"n\":1.0}",
            "{ \"spaced\" : [ 1 , 2 ] }");

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "io"})
    void squareGivesWhatTheHandlerGivesInProcessInItemOrder(String pool) {
        Random random = new Random(13);
        List<String> items = new ArrayList<>(List.of("3", "-7", "0", "-0", "1", "3037000499", "-3037000499"));
        IntStream.range(0, 10_000).mapToObj(i -> Long.toString(random.nextLong(-3_037_000_499L, 3_037_000_499L))).forEach(items::add);

        // uneven chunks, several frames in flight per worker
        JsonNode job = run("{\"type\":\"square\",\"pool\":\"" + pool + "\",\"chunkSize\":" + (pool.equals("cpu") ? 777 : 1500)
                + ",\"items\":" + array(items) + "}");

        assertThat(job.get("progress").get("done").asInt()).isEqualTo(items.size());
        assertThat(job.get("result")).isEqualTo(inProcess(new SquareJobType(), items));
        assertThat(job.get("result").get(0).toString()).isEqualTo("9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "io"})
    void itemsOfEveryKindReachTheHandlerAsTheyDidAsTrees(String pool) {
        List<String> items = new ArrayList<>(EVERY_KIND);
        items.addAll(EVERY_KIND); // more than one chunk

        JsonNode job = run("{\"type\":\"test.echo\",\"pool\":\"" + pool + "\",\"chunkSize\":5,\"items\":" + array(items) + "}");

        assertThat(job.get("result")).isEqualTo(inProcess(new EchoJobType(), items));
        assertThat(job.get("result").get(6).toString()).as("a big integer comes back as it was sent")
                .isEqualTo("12345678901234567890");
        assertThat(job.get("result").get(14).asString()).isEqualTo("caf\u00e9 \"quoted\" \\ \n tab\t \u00fc \uD83D\uDE00");
    }

    @Test
    void aMapWhoseFirstItemsAreIntegersKeepsTheOthersAsWritten() {
        List<String> items = List.of("1", "2", "1.50", "3", "\"x\"", "12345678901234567890");
        JsonNode job = run("{\"type\":\"test.echo\",\"items\":" + array(items) + "}");
        assertThat(job.get("result")).isEqualTo(inProcess(new EchoJobType(), items));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "io"})
    void aFailingItemFailsTheJobNamingIt(String pool) {
        String id = api.submit("{\"type\":\"test.fail-negative\",\"pool\":\"" + pool + "\",\"chunkSize\":4,\"items\":[1,2,3,4,5,-6,7]}");
        JsonNode job = api.await(id, Duration.ofSeconds(30));
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").get("code").asString()).isEqualTo("HANDLER_ERROR");
        assertThat(job.get("error").get("message").asString()).isEqualTo("items[5]: cannot take -6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "io"})
    void aWholeNumberWrittenWithAFractionOrAnExponentReachesTheHandlerExactly(String pool) {
        JsonNode single = run("{\"type\":\"square\",\"pool\":\"" + pool + "\",\"input\":3037000499.0}");
        assertThat(api.get("/api/v1/jobs/" + single.get("id").asString()).text()).contains("\"input\":3037000499.0,");
        assertThat(single.get("result").asLong()).isEqualTo(3037000499L * 3037000499L);

        JsonNode map = run("{\"type\":\"square\",\"pool\":\"" + pool + "\",\"items\":[2e0,-3037000499.000,30370004990e-1]}");
        assertThat(map.get("result").toString()).isEqualTo("[4,9223372030926249001,9223372030926249001]");

        // through a double, the first read 9223372036854775807 and the second 0; neither is what was sent
        Api.Response tooBig = api.post("/api/v1/jobs", "{\"type\":\"square\",\"pool\":\"" + pool + "\",\"input\":9223372036854775808.0}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("errors").get(0).get("message").asString()).startsWith("9223372036854775808.0 is out of range of a long");
        Api.Response tiny = api.post("/api/v1/jobs", "{\"type\":\"square\",\"pool\":\"" + pool + "\",\"items\":[1,1e-400]}");
        assertThat(tiny.status()).isEqualTo(400);
        assertThat(tiny.json().get("errors").get(0).get("field").asString()).isEqualTo("items[1]");
    }

    @Test
    void itemsTheSchemaOrTheInputClassRefuseAreNamed() {
        Api.Response notAnInteger = api.post("/api/v1/jobs", "{\"type\":\"square\",\"items\":[1,2,\"x\",4.5]}");
        assertThat(notAnInteger.status()).isEqualTo(400);
        assertThat(notAnInteger.json().get("errors").findValuesAsString("field")).containsExactly("items[2]", "items[3]");

        Api.Response tooBig = api.post("/api/v1/jobs", "{\"type\":\"square\",\"items\":[1,12345678901234567890,3,-99999999999999999999]}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("errors").findValuesAsString("field")).containsExactly("items[1]", "items[3]");

        Api.Response badObjects = api.post("/api/v1/jobs",
                "{\"type\":\"sleep\",\"items\":[{\"duration\":\"1ms\"},{\"duration\":5},{\"duration\":\"2ms\"},{}]}");
        assertThat(badObjects.status()).isEqualTo(400);
        assertThat(badObjects.json().get("errors").findValuesAsString("field")).containsExactly("items[1].duration", "items[3].duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"square\",\"items\":5}",
        "{\"type\":\"square\",\"items\":\"1,2\"}",
        "{\"type\":\"square\",\"items\":{\"0\":1}}",
        "{\"type\":\"square\",\"items\":[1,2,",
        "{\"type\":\"square\",\"items\":[1,2",
        "{\"type\":\"square\",\"items\":[1,2,]}",
        "{\"type\":\"square\",\"items\":[1 2]}",
        "{\"type\":\"square\",\"items\":[1,tru]}",
        "{\"type\":\"square\",\"items\":[1,01]}",
        "{\"type\":\"square\",\"items\":[1,-]}",
        "{\"type\":\"test.echo\",\"items\":[1,\"unterminated]}",
        "{\"type\":\"test.echo\",\"items\":[1,{\"a\":1,\"a\":2}]}",
        "{\"type\":\"test.echo\",\"items\":[1,{\"a\"}]}",
        "{\"type\":\"test.echo\",\"items\":[1,[1,2}]}",
        "{\"type\":\"square\",\"items\":[1,2]]}",
        "{\"type\":\"square\",\"items\":[1,2]} trailing",
    })
    void itemsThatDoNotReadAre400Problems(String body) {
        Api.Response response = api.post("/api/v1/jobs", body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void deeplyNestedItemsAndTooManyItemsAre400Problems() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Api.Response nested = api.post("/api/v1/jobs", "{\"type\":\"test.echo\",\"items\":[1," + deep + "]}");
        assertThat(nested.status()).as(nested.text()).isEqualTo(400);
        assertThat(nested.header("Content-Type")).isEqualTo("application/problem+json");

        String tooMany = IntStream.range(0, 20_001).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        Api.Response many = api.post("/api/v1/jobs", "{\"type\":\"square\",\"items\":" + tooMany + "}");
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.json().get("errors").get(0).get("field").asString()).isEqualTo("items");
        assertThat(many.json().get("errors").get(0).get("message").asString()).contains("at most 20000 items");

        Api.Response notAnArray = api.post("/api/v1/jobs", "{\"type\":\"square\",\"items\":5}");
        assertThat(notAnArray.json().get("errors").get(0).get("field").asString()).isEqualTo("items");
        assertThat(notAnArray.json().get("errors").get(0).get("message").asString()).isEqualTo("expected an array");
    }

    private JsonNode run(String spec) {
        JsonNode job = api.await(api.submit(spec), Duration.ofSeconds(60));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    private static String array(List<String> items) {
        return items.stream().collect(Collectors.joining(",", "[", "]"));
    }

    /** The outputs of the handler run here, each item read as a tree, bound, run, its output a tree: the old path. */
    private static JsonNode inProcess(JobType<?, ?> type, List<String> items) {
        ArrayNode outputs = JobJson.MAPPER.createArrayNode();
        for (String item : items) {
            try {
                outputs.add(InProcess.run(type, item));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return Api.JSON.readTree(JobJson.MAPPER.writeValueAsString(outputs));
    }
}
