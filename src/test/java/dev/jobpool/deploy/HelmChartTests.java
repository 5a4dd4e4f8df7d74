package dev.jobpool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** helm/jobpool, linted and rendered by the real Helm library; the manifests are read back and checked. */
@SuppressWarnings("unchecked")
class HelmChartTests {

    static final Path CHART = Path.of("helm/jobpool");

    @Test
    void lintsStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void rendersADeploymentWhoseProbesPortsAndLabelsFitTheApp() {
        List<Map<String, Object>> manifests = render(null);
        assertThat(kinds(manifests)).containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "ServiceAccount",
                "PersistentVolumeClaim");

        Map<String, Object> deployment = only(manifests, "Deployment");
        Map<String, Object> podSpec = at(deployment, "spec", "template", "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).getFirst();
        assertThat(at(container, "readinessProbe", "httpGet").get("path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(container, "livenessProbe", "httpGet").get("path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(container, "startupProbe", "httpGet").get("path")).isEqualTo("/actuator/health/readiness");
        assertThat(((List<Map<String, Object>>) container.get("ports")).getFirst().get("containerPort")).isEqualTo(8080);
        assertThat(at(container, "securityContext").get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext").get("allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(podSpec, "securityContext").get("runAsNonRoot")).isEqualTo(true);
        assertThat(at(container, "resources", "limits").get("cpu")).isEqualTo("2");
        assertThat(at(container, "lifecycle", "preStop")).isNotNull();

        Map<String, Object> selector = at(deployment, "spec", "selector", "matchLabels");
        assertThat(at(deployment, "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector);
        Map<String, Object> service = only(manifests, "Service");
        assertThat(at(service, "spec", "selector")).isEqualTo(selector);
        Map<String, Object> servicePort = ((List<Map<String, Object>>) at(service, "spec").get("ports")).getFirst();
        assertThat(servicePort.get("targetPort")).isEqualTo("http");

        Map<String, Object> config = only(manifests, "ConfigMap");
        assertThat((String) at(config, "data").get("application.yml")).contains("workers: 0").contains("worker-heap: 256MB");
    }

    @Test
    void rendersEveryOptionWhenTurnedOn() {
        List<Map<String, Object>> manifests = render(Path.of("src/test/resources/helm-all-on.yaml"));
        assertThat(kinds(manifests)).contains("Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor");

        Map<String, Object> selector = at(only(manifests, "Deployment"), "spec", "selector", "matchLabels");
        Map<String, Object> monitor = only(manifests, "ServiceMonitor");
        Map<String, Object> endpoint = ((List<Map<String, Object>>) at(monitor, "spec").get("endpoints")).getFirst();
        assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
        assertThat(endpoint.get("port")).isEqualTo("http");
        assertThat(at(monitor, "spec", "selector", "matchLabels")).isEqualTo(selector);
        assertThat(at(monitor, "metadata", "labels")).containsEntry("release", "prometheus");
        assertThat(at(only(manifests, "PodDisruptionBudget"), "spec", "selector", "matchLabels")).isEqualTo(selector);
        Map<String, Object> rule = ((List<Map<String, Object>>) at(only(manifests, "Ingress"), "spec").get("rules")).getFirst();
        assertThat(rule.get("host")).isEqualTo("jobs.example.com");
        assertThat(at(only(manifests, "HorizontalPodAutoscaler"), "spec", "scaleTargetRef").get("kind")).isEqualTo("Deployment");
    }

    @Test
    void keepsTheEmbeddedStoreOnAVolumeOfOnePod() {
        List<Map<String, Object>> manifests = render(null);
        Map<String, Object> deployment = only(manifests, "Deployment");
        assertThat(at(deployment, "spec", "strategy").get("type")).isEqualTo("Recreate");
        Map<String, Object> podSpec = at(deployment, "spec", "template", "spec");
        assertThat((List<Map<String, Object>>) podSpec.get("volumes")).anySatisfy(volume ->
                assertThat(at(volume, "persistentVolumeClaim").get("claimName")).isEqualTo("jobpool-data"));
        Map<String, Object> config = new Yaml().load((String) at(only(manifests, "ConfigMap"), "data").get("application.yml"));
        assertThat(at(config, "jobpool", "store").get("path")).isEqualTo("/data/jobpool.db");
        assertThat(at(only(manifests, "PersistentVolumeClaim"), "metadata").get("name")).isEqualTo("jobpool-data");
    }

    @Test
    void refusesSeveralReplicasWithoutASharedStore() {
        assertThatThrownBy(() -> render(null, Map.of("replicaCount", 3)))
                .hasMessageContaining("embedded job store belongs to one pod").hasMessageContaining("store.postgresql.host");
        assertThatThrownBy(() -> render(null, Map.of("autoscaling.enabled", true)))
                .hasMessageContaining("store.postgresql.host");
        assertThatThrownBy(() -> render(null, Map.of("store.postgresql.host", "db")))
                .hasMessageContaining("existingSecret");
    }

    @Test
    void sharesPostgreSqlBetweenReplicasWithThePasswordFromASecret() {
        List<Map<String, Object>> manifests = render(null, Map.of("replicaCount", 3, "store.postgresql.host", "db.internal",
                "store.postgresql.existingSecret", "jobpool-db"));
        assertThat(kinds(manifests)).doesNotContain("PersistentVolumeClaim");
        Map<String, Object> deployment = only(manifests, "Deployment");
        assertThat(at(deployment, "spec").get("replicas")).isEqualTo(3);
        Map<String, Object> container = ((List<Map<String, Object>>) at(deployment, "spec", "template", "spec")
                .get("containers")).getFirst();
        List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
        assertThat(env).anySatisfy(variable -> {
            assertThat(variable.get("name")).isEqualTo("SPRING_DATASOURCE_URL");
            assertThat(variable.get("value")).isEqualTo("jdbc:postgresql://db.internal:5432/jobpool");
        });
        assertThat(env).anySatisfy(variable -> {
            assertThat(variable.get("name")).isEqualTo("SPRING_DATASOURCE_PASSWORD");
            assertThat(at(variable, "valueFrom", "secretKeyRef")).containsEntry("name", "jobpool-db").containsEntry("key", "password");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void givesTheServiceAnAdminKeyFromASecretAndPrometheusScrapesWithIt() {
        // the chart's own Secret is a pre-install hook (made once, never re-rendered by an upgrade), which
        // helm-java's template leaves out; the deployment and the ServiceMonitor name it
        List<Map<String, Object>> manifests = render(null, Map.of("serviceMonitor.enabled", true));
        String secretName = "jobpool-admin-key";
        Map<String, Object> container = ((List<Map<String, Object>>) at(only(manifests, "Deployment"), "spec", "template", "spec")
                .get("containers")).getFirst();
        assertThat((List<Map<String, Object>>) container.get("env")).anySatisfy(variable -> {
            assertThat(variable.get("name")).isEqualTo("JOBPOOL_SECURITY_ADMIN_KEY");
            assertThat(at(variable, "valueFrom", "secretKeyRef")).containsEntry("name", secretName).containsEntry("key", "admin-key");
        });
        Map<String, Object> endpoint = ((List<Map<String, Object>>) at(only(manifests, "ServiceMonitor"), "spec").get("endpoints")).getFirst();
        assertThat(at(endpoint, "authorization", "credentials")).containsEntry("name", secretName);

        // a Secret of one's own: the chart makes none and points at it
        List<Map<String, Object>> own = render(null, Map.of("security.adminKey.existingSecret", "team-keys"));
        assertThat(own.toString()).contains("name=team-keys").doesNotContain(secretName);
        assertThat(render(null, Map.of("security.enabled", false)).toString()).doesNotContain("JOBPOOL_SECURITY_ADMIN_KEY");
    }

    @Test
    void derivesThePodsShutdownBudgetFromTheGraceTheServiceIsGiven() {
        assertShutdownBudget(render(null), 5, 30, 10);
        assertShutdownBudget(render(null, Map.of("jobpool.jobs.shutdownGraceSeconds", 120)), 5, 120, 10);
        assertShutdownBudget(render(null, Map.of("jobpool.jobs.shutdownGraceSeconds", 60, "shutdown.preStopSeconds", 2,
                "shutdown.marginSeconds", 20)), 2, 60, 20);
    }

    /** preStop, then the grace the service reads from its config, then the margin: the pod outlives all three. */
    private static void assertShutdownBudget(List<Map<String, Object>> manifests, int preStop, int grace, int margin) {
        Map<String, Object> podSpec = at(only(manifests, "Deployment"), "spec", "template", "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).getFirst();
        assertThat(podSpec.get("terminationGracePeriodSeconds")).isEqualTo(preStop + grace + margin);
        assertThat(at(container, "lifecycle", "preStop", "sleep").get("seconds")).isEqualTo(preStop);
        Map<String, Object> config = new Yaml().load((String) at(only(manifests, "ConfigMap"), "data").get("application.yml"));
        assertThat(at(config, "jobpool", "jobs").get("shutdown-grace")).isEqualTo(grace + "s");
        assertThat(at(config, "spring", "lifecycle").get("timeout-per-shutdown-phase")).isEqualTo((grace + margin) + "s");
    }

    private static List<Map<String, Object>> render(Path values) {
        return render(values, Map.of());
    }

    private static List<Map<String, Object>> render(Path values, Map<String, Object> settings) {
        var template = new Helm(CHART).template().withName("jobpool");
        if (values != null) {
            template = template.withValuesFile(values);
        }
        for (Map.Entry<String, Object> setting : settings.entrySet()) {
            template = template.set(setting.getKey(), setting.getValue());
        }
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml().loadAll(template.call())) {
            if (document instanceof Map<?, ?> map) {
                manifests.add((Map<String, Object>) map);
            }
        }
        return manifests;
    }

    private static List<String> kinds(List<Map<String, Object>> manifests) {
        return manifests.stream().map(m -> (String) m.get("kind")).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> manifests, String kind) {
        List<Map<String, Object>> matching = manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertThat(matching).as(kind + " among " + kinds(manifests)).hasSize(1);
        return matching.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertThat(current).as(String.join(".", path)).isNotNull();
        }
        return current;
    }
}
