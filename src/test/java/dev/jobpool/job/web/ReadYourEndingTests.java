package dev.jobpool.job.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * With the durable store, a job's ending is shown only once it is committed: a client that saw a job end on
 * one read finds it ended, with its result, on every read after, whichever endpoint it asks. (The running
 * attempt's own copy ends a moment before the store holds the ending; reads must not show it early.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadYourEndingTests {

    private static final int JOBS = 150;

    @LocalServerPort
    int port;

    @Test
    void anEndingSeenOnceIsSeenByEveryLaterRead() {
        Api api = new Api(port);
        String run = "ending-" + System.nanoTime();
        for (int i = 0; i < JOBS; i++) {
            String id = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"0ms\"},\"labels\":{\"run\":\"" + run + "\"}}");
            JsonNode seen = pollUntilEnded(api, id);
            assertThat(seen.get("status").asString()).isEqualTo("SUCCEEDED");

            JsonNode listed = api.get("/api/v1/jobs?limit=1&view=full&label=run:" + run).json().get("jobs").get(0);
            assertThat(listed.get("id").asString()).isEqualTo(id);
            assertThat(listed.get("status").asString()).as("job %d of %d in the listing", i, JOBS).isEqualTo("SUCCEEDED");
            assertThat(listed.get("result")).as("its result in the listing").isEqualTo(seen.get("result"));
            assertThat(api.get("/api/v1/jobs/" + id).json().get("status").asString()).isEqualTo("SUCCEEDED");
        }
    }

    /** A long-poll woken by the ending is answered from the job this replica just committed, not read back. */
    @Test
    void aLongPollWokenByTheEndingAnswersWhatEveryLaterReadAnswers() {
        Api api = new Api(port);
        String map = api.submit("{\"type\":\"sleep\",\"items\":[{\"duration\":\"300ms\"},{\"duration\":\"1ms\"}]}");
        String single = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"300ms\"},\"labels\":{\"team\":\"search\"}}");
        String failing = api.submit("{\"type\":\"sleep\",\"input\":{\"duration\":\"10s\"},\"timeout\":\"300ms\"}");
        for (String id : new String[] {map, single, failing}) {
            JsonNode woken = api.await(id, java.time.Duration.ofSeconds(20));
            assertThat(woken.get("status").asString()).isIn("SUCCEEDED", "FAILED");
            assertThat(api.get("/api/v1/jobs/" + id).json()).as("job %s read after its long-poll", id).isEqualTo(woken);
        }
    }

    /** Reads the job as fast as a client can, so a read that falls between the ending and its commit is likely. */
    private static JsonNode pollUntilEnded(Api api, String id) {
        while (true) {
            JsonNode job = api.get("/api/v1/jobs/" + id).json();
            String status = job.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
        }
    }
}
