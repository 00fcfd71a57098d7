package io.dbworkers.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper connection of the cluster service, owned here rather than by {@code ZooKeeperClusterService}, so that
 * its state can be watched: readiness says when this instance is cut off from ZooKeeper, and the workaround below
 * hooks into it. Added to the context before the cluster service, so that it closes the session after the service
 * has left every election (services stop in the reverse order).
 * <p>
 * Workaround for CAMEL-24457 (fixed in Camel 4.18; delete this part once the BOM is there): in 4.17 a leader whose
 * ZooKeeper session is lost fires its "leadership lost" event while Curator still says it leads, so
 * {@code ClusteredRoutePolicy} keeps its routes running, and its {@code LeaderSelector} does not requeue, so once the
 * session has expired no instance may be left in the election. When the session is lost, each view is stopped (its
 * routes stop: nothing runs on an instance that no longer holds the lock), and when ZooKeeper answers again each view
 * is started again, which puts this instance back into the election.
 */
final class ZooKeeperRejoin extends ServiceSupport implements ConnectionStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperRejoin.class);
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(3);

    private final CamelContext context;
    private final ClusterSettings settings;
    private final CuratorFramework curator;
    private CamelClusterService service;
    private ExecutorService worker;
    private volatile ConnectionState state = ConnectionState.LOST;
    private volatile Instant since = Instant.now();
    private volatile boolean lost;

    ZooKeeperRejoin(CamelContext context, ClusterSettings settings, ZooKeeperCuratorConfiguration configuration) {
        this.context = context;
        this.settings = settings;
        this.curator = ZooKeeperCuratorHelper.createCurator(configuration);
    }

    CuratorFramework curator() {
        return curator;
    }

    void setService(CamelClusterService service) {
        this.service = service;
    }

    /** Null while connected, else why this instance is not in touch with ZooKeeper. */
    String problem() {
        ConnectionState current = state;
        if (current.isConnected()) {
            return null;
        }
        return "not connected to ZooKeeper at " + settings.connectString() + " (" + current.name().toLowerCase()
                + " since " + since + "); a leader's routes stop when the session expires after "
                + settings.sessionTimeout().toMillis() / 1000.0 + " s (" + ClusterSettings.SESSION_TIMEOUT + ")";
    }

    @Override
    protected void doStart() {
        worker = context.getExecutorServiceManager().newSingleThreadExecutor(this, "ZooKeeperRejoin");
        curator.getConnectionStateListenable().addListener(this);
        curator.start();
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        state = newState;
        since = Instant.now();
        switch (newState) {
            case SUSPENDED -> LOG.warn("Cluster: connection to ZooKeeper at {} suspended; leadership is given up if"
                    + " the session expires ({} s)", settings.connectString(),
                    settings.sessionTimeout().toMillis() / 1000.0);
            case LOST -> {
                LOG.warn("Cluster: ZooKeeper session lost; stopping the singleton routes of this node until it is back");
                lost = true;
                restartViews(true, false);
            }
            case RECONNECTED -> {
                LOG.info("Cluster: reconnected to ZooKeeper at {}", settings.connectString());
                if (lost) {
                    lost = false;
                    restartViews(false, true);
                }
            }
            case CONNECTED -> LOG.info("Cluster: connected to ZooKeeper at {} as node {}", settings.connectString(),
                    settings.nodeId());
            default -> { }
        }
    }

    /** Off Curator's event thread: stopping a view stops routes, which may take a while. */
    private void restartViews(boolean stop, boolean start) {
        CamelClusterService current = service;
        if (current == null || worker == null || worker.isShutdown()) {
            return;
        }
        worker.execute(() -> {
            for (String namespace : current.getNamespaces()) {
                try {
                    if (stop) {
                        current.stopView(namespace);
                    }
                    if (start && isRunAllowed()) {
                        current.startView(namespace);
                        LOG.info("Cluster: node {} rejoined the election of {}", settings.nodeId(), namespace);
                    }
                } catch (Exception e) {
                    LOG.warn("Cluster: cannot {} the view of {}: {}", stop ? "stop" : "start", namespace,
                            e.getMessage());
                }
            }
        });
    }

    @Override
    protected void doStop() throws InterruptedException {
        awaitLeadershipReleased();
        if (worker != null) {
            context.getExecutorServiceManager().shutdownNow(worker);
            worker = null;
        }
        curator.getConnectionStateListenable().removeListener(this);
        curator.close();
    }

    /**
     * The cluster service has stopped by now, but each view gives up its leadership on Curator's own thread, which
     * then deletes its lock node: closing the session under it fails that thread with an error, so wait for it (the
     * session's close would delete the node anyway).
     */
    private void awaitLeadershipReleased() throws InterruptedException {
        CamelClusterService current = service;
        if (current == null) {
            return;
        }
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (System.nanoTime() < deadline
                && current.getNamespaces().stream().anyMatch(current::isLeader)) {
            Thread.sleep(50);
        }
        // the lock node is deleted by the selector's own thread just after the leadership flag drops, and that thread
        // ends once it has: closing the session before fails the thread with an error and a stack trace on the console
        while (System.nanoTime() < deadline && selectorThreadAlive()) {
            Thread.sleep(20);
        }
    }

    /** Curator's LeaderSelector runs each election on a thread of its own, named by its ThreadUtils. */
    private static boolean selectorThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("Curator-LeaderSelector"));
    }
}
