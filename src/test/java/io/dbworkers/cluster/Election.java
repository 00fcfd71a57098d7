package io.dbworkers.cluster;

import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;

/**
 * The election of a namespace as ZooKeeper itself holds it, read straight from the shared ZooKeeper (never through a
 * test's proxy): one ephemeral lock node per instance in the election, gone when ZooKeeper expires its session.
 */
final class Election implements AutoCloseable {

    private final CuratorFramework client;
    private final String path;

    /** The election of namespace {@code db-workers} under the base path of a {@code zookeeper://} CLUSTER_URL. */
    Election(String clusterUrl) {
        String rest = clusterUrl.substring("zookeeper://".length());
        this.path = rest.substring(rest.indexOf('/')) + "/db-workers";
        this.client = CuratorFrameworkFactory.newClient(ClusterJars.ZOOKEEPER, 30_000, 10_000, new RetryOneTime(500));
        client.start();
    }

    /** How many instances are in the election now. */
    int participants() throws Exception {
        try {
            List<String> children = client.getChildren().forPath(path);
            return children.size();
        } catch (KeeperException.NoNodeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
