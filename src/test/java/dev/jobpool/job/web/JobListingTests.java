package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/jobs} lists summaries, so jobs with big results make a small listing; {@code view=full}
 * adds inputs and results, a page at a time of at most {@code jobpool.api.max-page-size}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"jobpool.api.max-page-size=64KB", "jobpool.cpu.workers=1"})
class JobListingTests {

    /** A map over this many sleep items has a result of about 36KB: {"sleptMillis":0} and a comma each. */
    private static final int ITEMS = 2000;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void aListingShowsSummariesWhateverTheResultsWeigh() {
        String run = "summary-" + System.nanoTime();
        String single = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"labels\":{\"run\":\"" + run + "\"}}");
        String big = submitMap(10 * ITEMS, run);
        api.await(single, Duration.ofSeconds(20));
        JsonNode bigJob = api.await(big, Duration.ofSeconds(30));
        assertThat(bigJob.get("status").asString()).isEqualTo("SUCCEEDED");

        Api.Response listing = api.get("/api/v1/jobs?limit=2");
        assertThat(listing.text().length()).as("two summaries, one of a job whose result is ~360KB").isLessThan(2_000);
        JsonNode map = listing.json().get("jobs").get(0);
        assertThat(map.get("id").asString()).isEqualTo(big);
        assertThat(map.has("result")).isFalse();
        assertThat(map.has("input")).isFalse();
        assertThat(map.get("items").asInt()).isEqualTo(10 * ITEMS);
        assertThat(map.get("resultSize").asLong()).isEqualTo(Api.JSON.writeValueAsString(bigJob.get("result")).length());
        assertThat(map.get("progress").get("done").asInt()).isEqualTo(10 * ITEMS);
        assertThat(map.get("labels").get("run").asString()).isEqualTo(run);
        assertThat(map.get("finishedAt").asString()).isNotBlank();

        JsonNode one = listing.json().get("jobs").get(1);
        assertThat(one.get("id").asString()).isEqualTo(single);
        assertThat(one.get("inputSize").asLong()).isEqualTo("{\"duration\":\"1ms\"}".length());
        assertThat(one.has("items")).isFalse();
    }

    @Test
    void viewFullAddsInputAndResult() {
        String run = "full-" + System.nanoTime();
        String single = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"},\"labels\":{\"run\":\"" + run + "\"}}");
        api.await(single, Duration.ofSeconds(20));

        JsonNode job = api.get("/api/v1/jobs?limit=1&view=full").json().get("jobs").get(0);
        assertThat(job.get("id").asString()).isEqualTo(single);
        assertThat(job.get("input").get("duration").asString()).isEqualTo("1ms");
        assertThat(job.get("result").get("sleptMillis").asInt()).isEqualTo(1);

        Api.Response badView = api.get("/api/v1/jobs?view=everything");
        assertThat(badView.status()).isEqualTo(400);
        assertThat(badView.json().get("errors").get(0).get("field").asString()).isEqualTo("view");
    }

    @Test
    void aFullPageEndsAtItsByteCapAndTheCursorGoesOnWithoutGapsOrRepeats() {
        String run = "cap-" + System.nanoTime();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(submitMap(ITEMS, run));
        }
        submitted.forEach(id -> api.await(id, Duration.ofSeconds(30)));
        List<String> newestFirst = submitted.reversed();

        // summaries of all three fit on one page
        JsonNode summaries = api.get("/api/v1/jobs?limit=3").json();
        assertThat(summaries.get("jobs").valueStream().map(job -> job.get("id").asString())).containsExactlyElementsOf(newestFirst);

        // with results, two of them would pass 64KB: a page each, and each page's cursor leads to the next
        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String cursor = "";
        while (pageSizes.size() < 3) {
            Api.Response page = api.get("/api/v1/jobs?limit=3&view=full&cursor=" + cursor);
            assertThat(page.text().length()).isLessThan(64 * 1024);
            JsonNode jobs = page.json().get("jobs");
            pageSizes.add(jobs.size());
            jobs.forEach(job -> seen.add(job.get("id").asString()));
            cursor = page.json().get("nextCursor").asString();
        }
        assertThat(pageSizes.subList(0, 2)).containsExactly(1, 1);
        assertThat(seen.subList(0, 3)).containsExactlyElementsOf(newestFirst);
        assertThat(api.get("/api/v1/jobs/" + seen.get(0)).json().get("result")).hasSize(ITEMS);
    }

    @Test
    void aPageHoldsOneJobEvenWhenItAlonePassesTheCap() {
        String run = "alone-" + System.nanoTime();
        api.await(api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"1ms\"}}"), Duration.ofSeconds(20));
        String big = submitMap(10 * ITEMS, run);
        api.await(big, Duration.ofSeconds(30));

        JsonNode page = api.get("/api/v1/jobs?limit=5&view=full").json();
        assertThat(page.get("jobs")).hasSize(1);
        assertThat(page.get("jobs").get(0).get("id").asString()).isEqualTo(big);
        assertThat(page.get("jobs").get(0).get("result")).hasSize(10 * ITEMS);
        assertThat(page.has("nextCursor")).isTrue();
    }

    private String submitMap(int items, String run) {
        String list = IntStream.range(0, items).mapToObj(i -> "{\"duration\":\"0ms\"}").collect(Collectors.joining(",", "[", "]"));
        return api.submit("{\"type\":\"sleep\",\"items\":" + list + ",\"labels\":{\"run\":\"" + run + "\"}}");
    }

    @Test
    void aLabelFilterListsExactlyTheJobsWithEveryLabelAskedFor() {
        String run = "labels-" + System.nanoTime();
        String search = submitLabelled("{\"run\":\"" + run + "\",\"team\":\"search\"}");
        String ads = submitLabelled("{\"run\":\"" + run + "\",\"team\":\"ads\"}");
        String none = submitLabelled("{\"run\":\"" + run + "\"}");

        assertThat(ids("/api/v1/jobs?label=run:" + run)).containsExactly(none, ads, search);
        assertThat(ids("/api/v1/jobs?label=run:" + run + "&label=team:search")).containsExactly(search);
        assertThat(ids("/api/v1/jobs?label=team:search&label=run:" + run + "&status=QUEUED")).isEmpty();
        assertThat(ids("/api/v1/jobs?label=run:" + run + "&label=team:nobody")).isEmpty();

        // a value is matched as written: commas and spaces are its own, not separators (Spring would split and trim)
        String listed = submitLabelled("{\"run\":\"" + run + "\",\"list\":\"a,b \"}");
        assertThat(ids("/api/v1/jobs?label=list:a,b%20")).containsExactly(listed);
        assertThat(ids("/api/v1/jobs?label=list:a,b")).isEmpty();
        assertThat(ids("/api/v1/jobs?label=list:a,b%20&label=run:" + run)).containsExactly(listed);

        for (String bad : List.of("team", ":search", "%3Asearch", "team:search&label=ads", "")) {
            Api.Response refused = api.get("/api/v1/jobs?label=" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("label");
            assertThat(refused.json().get("detail").asString()).contains("is not a label filter; use key:value, e.g. team:search");
        }
    }

    private String submitLabelled(String labels) {
        String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"0s\"},\"labels\":" + labels + "}");
        api.await(id, Duration.ofSeconds(20));
        return id;
    }

    private List<String> ids(String path) {
        Api.Response page = api.get(path + "&limit=100");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.json().get("jobs").findValuesAsString("id");
    }
}
