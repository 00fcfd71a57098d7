package io.dbworkers.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/clustered-kubernetes.yaml: the KubernetesClusterService bean loads with its settings. Only the
 * configuration: the service itself needs a Kubernetes API server, which no test here has.
 */
class KubernetesClusterBeanTest {

    @Test
    void theBeanOfTheExampleLoads() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("KUBERNETES_NAMESPACE", "shop");
            properties.setProperty("CLUSTER_NODE_ID", "db-workers-7d9f-abcde");
            properties.setProperty("CLUSTER_LEASE_MS", "12000");
            context.getPropertiesComponent().setInitialProperties(properties);
            context.build();
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context,
                    "file:" + Path.of("examples", "clustered-kubernetes.yaml").toAbsolutePath()));

            KubernetesClusterService service = context.getRegistry().lookupByNameAndType("clusterService",
                    KubernetesClusterService.class);
            assertThat(service).isNotNull();
            assertThat(service.getKubernetesNamespace()).isEqualTo("shop");
            assertThat(service.getPodName()).isEqualTo("db-workers-7d9f-abcde");
            assertThat(service.getLeaseResourceType()).isEqualTo(LeaseResourceType.Lease);
            assertThat(service.getLeaseDurationMillis()).isEqualTo(12000);
            assertThat(service.getClusterLabels()).isEqualTo(Map.of("app", "db-workers"));
            assertThat(context.getRouteDefinitions()).isEmpty();
        }
    }
}
