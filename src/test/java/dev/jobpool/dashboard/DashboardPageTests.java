package dev.jobpool.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard's files over real HTTP, with security on: open to anyone (the page signs in through the API),
 * under a Content-Security-Policy that lets no inline or foreign script run, while the API behind it still asks for
 * a credential. What the page does is tested in a browser, by {@code dashboard-tests/} (run by {@code .ci/run}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardPageTests {

    @LocalServerPort
    int port;

    Api anonymous;

    @BeforeEach
    void connect() {
        anonymous = new Api(port, null);
    }

    @Test
    void theRootRedirectsToTheDashboard() {
        Api.Response root = anonymous.get("/");

        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("Location")).endsWith("/dashboard/");
        assertThat(anonymous.get("/dashboard").header("Location")).endsWith("/dashboard/");
    }

    @Test
    void thePageAndItsModulesNeedNoCredentialAndComeWithAStrictPolicy() {
        Api.Response page = anonymous.get("/dashboard/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*", "http:", "https:");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");

        Api.Response module = anonymous.get("/dashboard/js/app.js");
        assertThat(module.status()).isEqualTo(200);
        assertThat(module.header("Content-Type")).contains("javascript");
        assertThat(module.header("Content-Security-Policy")).isEqualTo(policy);
        assertThat(anonymous.get("/dashboard/vendor/json-schema/LICENSE").status()).isEqualTo(200);
    }

    @Test
    void theApiBehindThePageStillNeedsACredential() {
        assertThat(anonymous.get("/api/v1/jobs").status()).isEqualTo(401);
        assertThat(anonymous.get("/dashboard/no-such-file.js").status()).isEqualTo(404);
    }
}
