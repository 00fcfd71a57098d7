package io.dbworkers.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import io.dbworkers.config.Settings;
import io.dbworkers.support.Statistics;

/**
 * The writer's set-up lives with its route: {@code examples/redis-to-postgres.yaml} loaded and removed again twenty
 * times (as a reload does) leaves one event notifier and one statistics bean while the route exists and none after,
 * and the counters go on from where they were.
 */
class RedisWriterRouteLifecycleIT extends RedisWriterItBase {

    @Test
    void loadingAndRemovingTheRouteStartsAndStopsTheWritersNotifier() throws Exception {
        migrate();
        Map<String, String> env = new HashMap<>(env());
        RedisWriter writer = new RedisWriter(new Settings(env::get));
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("dataSource", DataSource.class, db);
            context.getRegistry().bind(RedisWriter.BEAN, writer);
            context.start();
            int before = context.getManagementStrategy().getEventNotifiers().size();
            for (int i = 0; i < 20; i++) {
                PluginHelper.getRoutesLoader(context).loadRoutes(
                        ResourceHelper.resolveResource(context, "file:" + ROUTE));
                assertThat(notifiers(context) - before).isEqualTo(1);
                assertThat(context.getRegistry().findByType(Statistics.class)).hasSize(1);

                for (String route : new String[] {"redis-to-postgres", "redis-writer-rejected"}) {
                    context.getRouteController().stopRoute(route);
                    context.removeRoute(route);
                }
                Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
                model.removeRouteConfiguration(model.getRouteConfigurationDefinition("redis-writer-retry"));
                assertThat(notifiers(context)).isEqualTo(before);
                assertThat(context.getRegistry().findByType(Statistics.class)).isEmpty();
            }
        }
    }

    private static int notifiers(CamelContext context) {
        return context.getManagementStrategy().getEventNotifiers().size();
    }
}
