package io.dbworkers.component.dbcdc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.dbworkers.support.SupervisedLoop;

/**
 * Holds the batches between the engine and their commit, so that the route works on the next batch while the
 * previous ones are still completing (an asynchronous step such as the RabbitMQ publisher's confirms): the engine
 * {@link #offer}s batches in log order and blocks while {@code capacity} of them are held; the pipeline's own
 * thread ({@link #run}) hands them to the route as soon as they arrive, and commits them strictly in order, each
 * only after it and every batch before it completed. A failed batch is delivered again, after a backoff, together
 * with every batch after it (in order, once all of them finished), so nothing is committed past a failure and
 * the order of the changes on their way out is kept (a change may go out twice).
 */
final class BatchPipeline {

    /** What the pipeline needs from its consumer. */
    interface Route {
        /** Hands the batch to the route; {@link #completed} is called when its exchange completed. */
        void deliver(PipelineBatch batch);

        /** Commits these completed batches, oldest first; after a failure they are committed again. */
        void commit(List<PipelineBatch> batches) throws Exception;

        /** How long to wait before delivering failed batches again. */
        long redeliveryDelay();
    }

    private enum State { QUEUED, IN_FLIGHT, DONE, FAILED }

    private final int capacity;
    private final Route route;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Oldest first; guarded by {@code lock}. */
    private final Deque<PipelineBatch> batches = new ArrayDeque<>();
    private volatile boolean open = true;

    BatchPipeline(int capacity, Route route) {
        this.capacity = capacity;
        this.route = route;
    }

    /** Takes the engine's next batch, waiting while the pipeline is full; false when the pipeline was closed. */
    boolean offer(PipelineBatch batch) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (open && batches.size() >= capacity) {
                changed.await();
            }
            if (!open) {
                return false;
            }
            batch.state = batch.hasBody() ? State.QUEUED : State.DONE;
            batches.addLast(batch);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to the time given until a batch can be offered without waiting; false when it still cannot. */
    boolean awaitRoom(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lockInterruptibly();
        try {
            long left;
            while (open && batches.size() >= capacity && (left = until - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
            return !open || batches.size() < capacity;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to the time given until every batch offered was committed, or a batch failed and none is in flight any
     * more (it would only be delivered again after a backoff); false when batches are still held.
     */
    boolean awaitSettled(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lockInterruptibly();
        try {
            long left;
            while (open && !batches.isEmpty() && !settledAfterFailure() && (left = until - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
            return batches.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Whether every batch offered was committed. */
    boolean isEmpty() {
        lock.lock();
        try {
            return batches.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The batch's exchange completed, with the failure or null; a batch the pipeline no longer holds is ignored. */
    void completed(PipelineBatch batch, Throwable failure) {
        lock.lock();
        try {
            if (batch.state == State.IN_FLIGHT && batches.contains(batch)) {
                batch.state = failure == null ? State.DONE : State.FAILED;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops every batch (they were not committed, so the engine reads them again) and refuses new ones. */
    void close() {
        lock.lock();
        try {
            open = false;
            batches.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Accepts batches again, for the next run of the engine. */
    void reopen() {
        lock.lock();
        try {
            batches.clear();
            open = true;
        } finally {
            lock.unlock();
        }
    }

    /** The pipeline thread: delivers, commits and redelivers until the loop stops. */
    void run(SupervisedLoop self) throws Exception {
        while (self.isRunning()) {
            List<PipelineBatch> done = new ArrayList<>();
            PipelineBatch next = null;
            boolean redeliver = false;
            lock.lockInterruptibly();
            try {
                while (self.isRunning() && done.isEmpty() && next == null && !redeliver) {
                    for (PipelineBatch batch : batches) {
                        if (batch.state != State.DONE) {
                            break;
                        }
                        done.add(batch);
                    }
                    redeliver = done.isEmpty() && settledAfterFailure();
                    next = done.isEmpty() && !redeliver ? nextQueued() : null;
                    if (next != null) {
                        next.state = State.IN_FLIGHT;
                    } else if (done.isEmpty() && !redeliver) {
                        changed.await(1, TimeUnit.SECONDS);
                    }
                }
            } finally {
                lock.unlock();
            }
            if (!done.isEmpty()) {
                commit(done);
            } else if (redeliver) {
                redeliver(self);
            } else if (next != null) {
                route.deliver(next);
            }
        }
    }

    private void commit(List<PipelineBatch> done) throws Exception {
        route.commit(done);
        lock.lock();
        try {
            if (!batches.isEmpty() && batches.peekFirst() == done.get(0)) {
                for (int i = 0; i < done.size(); i++) {
                    batches.removeFirst();
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits the backoff, then queues the failed batch and every one after it again, in order. */
    private void redeliver(SupervisedLoop self) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(route.redeliveryDelay());
        lock.lockInterruptibly();
        try {
            long left;
            while (self.isRunning() && open && (left = until - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
            for (PipelineBatch batch : batches) {
                batch.state = batch.hasBody() ? State.QUEUED : State.DONE;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A batch failed and none is in flight any more; holds the lock. */
    private boolean settledAfterFailure() {
        boolean failed = false;
        for (PipelineBatch batch : batches) {
            if (batch.state == State.IN_FLIGHT) {
                return false;
            }
            failed |= batch.state == State.FAILED;
        }
        return failed;
    }

    /** The oldest queued batch, unless a batch failed (then nothing goes out until it is redelivered); holds the lock. */
    private PipelineBatch nextQueued() {
        for (PipelineBatch batch : batches) {
            if (batch.state == State.FAILED) {
                return null;
            }
        }
        for (PipelineBatch batch : batches) {
            if (batch.state == State.QUEUED) {
                return batch;
            }
        }
        return null;
    }

    /** A batch of the engine and what the route gets of it. */
    abstract static class PipelineBatch {
        private State state;

        /** False for a batch that holds no change (heartbeats): it is committed without going through the route. */
        abstract boolean hasBody();

        /** What the route gets: the list of changes (batch mode) or the change. */
        Object body() {
            return null;
        }
    }
}
