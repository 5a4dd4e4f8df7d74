package dev.jobpool.job.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.jobpool.job.JobId;
import dev.jobpool.job.JobNotFoundException;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.JobService;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.JobsProperties;
import dev.jobpool.jobtype.registry.JobTypeRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The web layer alone: every client mistake becomes problem+json with a stable type and a useful detail. */
@WebMvcTest
@Import(RequestSizeFilter.class)
@EnableConfigurationProperties(JobsProperties.class)
@TestPropertySource(properties = {"jobpool.jobs.max-request-size=1KB", "spring.jackson.deserialization.fail-on-unknown-properties=true"})
class ProblemResponseTests {

    private static final String PROBLEMS = "https://jobpool.dev/problems/";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JobService jobs;

    @MockitoBean
    JobScheduler scheduler;

    @MockitoBean
    JobStore store;

    @MockitoBean
    JobTypeRegistry registry;

    @Test
    void malformedJsonSaysWhereItBroke() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"type\": sleep}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-json"))
                .andExpect(jsonPath("$.title").value("Malformed JSON"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("line 1")))
                .andExpect(jsonPath("$.instance").value("/api/v1/jobs"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"sleep\",\"maxAttempts\":\"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("maxAttempts"));
    }

    @Test
    void anUnknownFieldIsAnErrorNotIgnored() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"sleep\",\"timout\":\"5s\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("timout"));
    }

    @Test
    void aMissingBodySaysWhatToSend() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("\"type\":\"sleep\"")));
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"sleep\",\"items\":[" + "1,".repeat(1000) + "1]}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "payload-too-large"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("jobpool.jobs.max-request-size")));
    }

    @Test
    void aMalformedIdIs400AndNamesTheField() throws Exception {
        mvc.perform(get("/api/v1/jobs/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-job-id"))
                .andExpect(jsonPath("$.errors[0].field").value("id"));
    }

    @Test
    void anUnknownIdIs404WithTheId() throws Exception {
        JobId id = JobId.parse("3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17");
        given(jobs.get(any())).willThrow(JobNotFoundException.forId(id));
        mvc.perform(get("/api/v1/jobs/" + id))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "job-not-found"))
                .andExpect(jsonPath("$.jobId").value(id.toString()));
    }

    @Test
    void aBadWaitOrLimitIs400() throws Exception {
        mvc.perform(get("/api/v1/jobs/3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17?wait=soon"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("wait"));
        mvc.perform(get("/api/v1/jobs?limit=5000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

    @Test
    void springsOwnErrorsGetAStableType() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/jobs"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "method-not-allowed"));
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.TEXT_PLAIN).content("sleep"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"));
    }
}
