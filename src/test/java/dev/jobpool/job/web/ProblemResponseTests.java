package dev.jobpool.job.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.jobpool.dashboard.Overview;
import dev.jobpool.events.EventHub;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobNotFoundException;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.JobService;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.JobsProperties;
import dev.jobpool.jobtype.registry.JobTypeRegistry;
import dev.jobpool.security.ApiKeys;
import dev.jobpool.security.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The web layer alone: every client mistake becomes problem+json with a stable type and a useful detail.
 * Authentication is left out here (an open filter chain, security off); the full-service tests cover it.
 */
@WebMvcTest
@Import({RequestSizeFilter.class, StrictJsonBinding.class, ProblemResponseTests.Open.class})
@EnableConfigurationProperties(JobsProperties.class)
@TestPropertySource(properties = {"jobpool.jobs.max-request-size=1KB", "jobpool.security.enabled=false"})
class ProblemResponseTests {

    private static final String PROBLEMS = "https://jobpool.dev/problems/";

    @TestConfiguration(proxyBeanMethods = false)
    static class Open {

        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.csrf(csrf -> csrf.disable()).authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }

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

    @MockitoBean
    ApiKeys apiKeys;

    @MockitoBean
    EventHub events;

    @MockitoBean
    Sessions sessions;

    @MockitoBean
    Overview overview;

    /** With security off the dashboard skips its sign-in: the session says so, and who everyone is. */
    @Test
    void withSecurityOffTheSessionSaysSoAndNeedsNoSignIn() throws Exception {
        mvc.perform(get("/api/v1/session"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.securityEnabled").value(false))
                .andExpect(jsonPath("$.tenant").value("default"))
                .andExpect(jsonPath("$.roles[0]").value("admin"))
                .andExpect(jsonPath("$.csrfToken").doesNotExist());
        mvc.perform(post("/api/v1/session").contentType(MediaType.APPLICATION_JSON).content("{\"apiKey\":\"jp_x\"}"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Set-Cookie"))
                .andExpect(jsonPath("$.securityEnabled").value(false));
        verifyNoInteractions(sessions);
    }

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
        given(jobs.get(any(), any())).willThrow(JobNotFoundException.forId(id));
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

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"sleep\",\"type\":\"spin\"}",
        "{\"type\":\"sleep\",\"input\":{\"duration\":\"1s\",\"duration\":\"2s\"}}",
        "{\"type\":\"sleep\",\"priority\":1.5}",
        "{\"type\":\"sleep\",\"priority\":\"7\"}",
        "{\"type\":\"sleep\",\"priority\":\"\"}",
        "{\"type\":\"sleep\",\"maxAttempts\":true}",
        "{\"type\":\"sleep\",\"chunkSize\":\"\"}",
        "{\"type\":\"sleep\",\"timeout\":30}",
        "{\"type\":\"sleep\",\"pool\":1}",
        "{\"type\":7}",
        "{\"type\":\"sleep\",\"labels\":{\"team\":1}}",
        "{\"type\":\"sleep\",\"labels\":{\"team\":true}}",
        "{\"type\":\"sleep\",\"labels\":{\"team\":{\"name\":\"search\"}}}",
        "{\"type\":\"sleep\",\"labels\":\"\"}",
        "{\"type\":\"sleep\",\"items\":\"\"}",
        "{\"type\":\"sleep\"} {\"type\":\"spin\"}",
    })
    void bindingIsStrictAndNothingIsSubmitted(String body) throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-json"));
        verifyNoInteractions(jobs);
    }

    @Test
    void aWrongTypeIsNamedInTheApisWordsWithoutJavaClassNames() throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"sleep\",\"priority\":1.5}"))
                .andExpect(jsonPath("$.errors[0].field").value("priority"))
                .andExpect(jsonPath("$.errors[0].message").value("expected an integer"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("java."))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/xml", "image/png", "not a media type"})
    void aSubmissionThatAcceptsNoJsonIsRefusedBeforeTheControllerRuns(String accept) throws Exception {
        mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).header("Accept", accept)
                        .content("{\"type\":\"sleep\",\"input\":{\"duration\":\"1s\"}}"))
                .andExpect(status().isNotAcceptable())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "not-acceptable"));
        verifyNoInteractions(jobs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*"})
    void aWildcardContentTypeIs415(String contentType) throws Exception {
        mvc.perform(post("/api/v1/jobs").header("Content-Type", contentType).content("{\"type\":\"sleep\"}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"));
        verifyNoInteractions(jobs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=", "pool=", "status=%00", "pool=%09io", "wait=%095s", "type=%00", "tenant=a%00",
        "label=k:a%00b", "label=k%01:v", "label=k0:v&label=k1:v&label=k2:v&label=k3:v&label=k4:v&label=k5:v&label=k6:v&label=k7:v&label=k8:v&label=k9:v&label=k10:v&label=k11:v&label=k12:v&label=k13:v&label=k14:v&label=k15:v&label=k16:v&label=k17:v&label=k18:v&label=k19:v&label=k20:v&label=k21:v&label=k22:v&label=k23:v&label=k24:v&label=k25:v&label=k26:v&label=k27:v&label=k28:v&label=k29:v&label=k30:v&label=k31:v&label=k32:v"})
    void anEmptyOrControlCharacterFilterIs400NotTheDefault(String query) throws Exception {
        String path = query.startsWith("wait") ? "/api/v1/jobs/3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17?" : "/api/v1/jobs?";
        mvc.perform(get(java.net.URI.create(path + query)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(query.substring(0, query.indexOf('='))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-0-0-0-0000000000000000000000000000", "3f2b8c1e7d4a-4e2b-9c61-0a5f3e8d2b17-",
        "3f2b8c1e-7d4a-4e2b-9c61+0a5f3e8d2b17", "3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b1g"})
    void aJobIdIsACanonicalUuidOnly(String id) throws Exception {
        mvc.perform(get("/api/v1/jobs/" + id))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "malformed-job-id"));
        verifyNoInteractions(jobs);
    }

    @Test
    void aLongValueIsQuotedByAShortPrefix() throws Exception {
        String status = "X".repeat(5000);
        mvc.perform(get("/api/v1/jobs?status=" + status))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'" + "X".repeat(64) + "…'")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("X".repeat(65)))));
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
