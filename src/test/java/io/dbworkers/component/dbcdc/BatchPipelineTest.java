package io.dbworkers.component.dbcdc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.dbworkers.support.SupervisedLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchPipelineTest {

    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> committed = Collections.synchronizedList(new ArrayList<>());
    private final List<Batch> inFlight = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final BatchPipeline pipeline = new BatchPipeline(4, new BatchPipeline.Route() {
        @Override
        public void deliver(BatchPipeline.PipelineBatch batch) {
            delivered.add(((Batch) batch).name);
            inFlight.add((Batch) batch);
        }

        @Override
        public void commit(List<BatchPipeline.PipelineBatch> batches) {
            batches.forEach(b -> committed.add(((Batch) b).name));
        }

        @Override
        public long redeliveryDelay() {
            return 10;
        }
    });
    private final SupervisedLoop loop = new SupervisedLoop("test", LoggerFactory.getLogger(BatchPipelineTest.class),
            Duration.ofMillis(10), Duration.ofMillis(10), pipeline::run);

    static final class Batch extends BatchPipeline.PipelineBatch {
        final String name;
        final boolean body;

        Batch(String name, boolean body) {
            this.name = name;
            this.body = body;
        }

        @Override
        boolean hasBody() {
            return body;
        }
    }

    @AfterEach
    void stop() {
        loop.stop();
        pipeline.close();
        executor.shutdownNow();
    }

    @Test
    void deliversAheadButCommitsInOrder() throws Exception {
        loop.start(executor);
        Batch one = new Batch("1", true);
        Batch two = new Batch("2", true);
        pipeline.offer(one);
        pipeline.offer(two);
        pipeline.offer(new Batch("heartbeat", false));
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() == 2);
        assertThat(delivered).containsExactly("1", "2");

        pipeline.completed(two, null);
        // nothing is committed past batch 1, which has not completed: the list stays empty for a while
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(committed::isEmpty);

        pipeline.completed(one, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> committed.size() == 3);
        assertThat(committed).containsExactly("1", "2", "heartbeat");
    }

    @Test
    void aFailedBatchGoesAgainWithEveryBatchAfterIt() throws Exception {
        loop.start(executor);
        Batch one = new Batch("1", true);
        Batch two = new Batch("2", true);
        pipeline.offer(one);
        pipeline.offer(two);
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() == 2);

        pipeline.completed(two, null);
        pipeline.completed(one, new IllegalStateException("refused"));
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered.size() == 4);
        assertThat(delivered).containsExactly("1", "2", "1", "2");
        assertThat(committed).isEmpty();

        pipeline.completed(one, null);
        pipeline.completed(two, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> committed.size() == 2);
        assertThat(committed).containsExactly("1", "2");
    }

    @Test
    void theEngineWaitsWhileThePipelineIsFull() throws Exception {
        // no loop: nothing is delivered or committed, so the fifth batch must wait until the pipeline is closed
        for (int i = 0; i < 4; i++) {
            assertThat(pipeline.offer(new Batch(Integer.toString(i), true))).isTrue();
        }
        CompletableFuture<Boolean> fifth = CompletableFuture.supplyAsync(() -> {
            try {
                return pipeline.offer(new Batch("5", true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !fifth.isDone());
        pipeline.close();
        assertThat(fifth.get(60, TimeUnit.SECONDS)).as("refused once closed").isFalse();
    }
}
