package dev.weft.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One cancel scope: a node in the tree formed by deadline blocks, shields, task groups and tasks.
 *
 * <p>Cancellation is a state, not an event: {@link #reason} is set once, and every blocking call
 * asks {@link #effectiveReason()} by walking towards the root until a shield. Waking a thread that is
 * already blocked is the separate job of {@link #deliver()}: it runs the abort actions registered with
 * the scope or, when there are none, interrupts the thread that runs in it, then recurses into the
 * child scopes. Keeping the two apart means a swallowed interrupt never loses a cancellation: the next
 * {@link Cancellation#check()} still sees it.
 *
 * <p>Thread-safe: the mutable parts are guarded by {@link #lock}; {@link #reason} is volatile so that
 * the check on the hot path takes no lock.
 */
final class Scope {
    static final ScopedValue<Scope> CURRENT = ScopedValue.newInstance();

    private final Scope parent;
    /**
     * The scope of the same thread that this one is nested in, or null: the parent for a deadline block
     * or shield, the opener's scope for the body of {@link TaskGroup#run}. While this scope is open the
     * host leaves waking the thread to it, and when it closes it hands a pending cancellation back.
     */
    private final Scope host;
    private final boolean shielded;
    /** The thread whose code runs in this scope; null for a task group's scope, which no thread enters. */
    private final Thread owner;
    private final boolean hasOwnDeadline;
    private final long ownDeadlineNanos;
    private final String deadlineText;
    /** The effective deadline: min(own, parent's) unless shielded, which starts afresh. */
    private final boolean hasDeadline;
    private final long deadlineNanos;

    private final ReentrantLock lock = new ReentrantLock();
    /** Created on first use: most scopes (a task, a short deadline block) never get a child. */
    private Set<Scope> children;
    private final List<AbortRegistration> registrations = new ArrayList<>(1);
    private Scope nested;
    private boolean closed;
    private boolean interruptDelivered;
    private ScheduledFuture<?> timer;
    private volatile Reason reason;

    /** Why a scope was cancelled; turned into a fresh exception at every place that reports it. */
    record Reason(boolean expired, String message) {
        Cancelled toException(Throwable cause) {
            if (expired) {
                return cause == null ? new DeadlineExceeded(message) : new DeadlineExceeded(message, cause);
            }
            return cause == null ? new Cancelled(message) : new Cancelled(message, cause);
        }
    }

    private Scope(Scope parent, Scope host, Thread owner, boolean shielded, boolean hasOwnDeadline,
            long ownDeadlineNanos, String deadlineText) {
        this.parent = parent;
        this.host = host;
        this.owner = owner;
        this.shielded = shielded;
        this.hasOwnDeadline = hasOwnDeadline;
        this.ownDeadlineNanos = ownDeadlineNanos;
        this.deadlineText = deadlineText;
        boolean inherited = parent != null && !shielded && parent.hasDeadline;
        if (hasOwnDeadline && inherited) {
            this.hasDeadline = true;
            this.deadlineNanos = ownDeadlineNanos - parent.deadlineNanos < 0 ? ownDeadlineNanos : parent.deadlineNanos;
        } else {
            this.hasDeadline = hasOwnDeadline || inherited;
            this.deadlineNanos = hasOwnDeadline ? ownDeadlineNanos : inherited ? parent.deadlineNanos : 0;
        }
    }

    /** The scope the current thread runs in, or null outside every Weft scope. */
    static Scope current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /**
     * Opens a scope entered by the current thread, nested in its current scope. Throws the enclosing
     * cancellation first unless shielded, so that a cancelled caller never starts new work.
     */
    static Scope enterNested(boolean shielded, boolean hasDeadline, long deadlineNanos, String deadlineText) {
        Scope parent = current();
        if (!shielded && parent != null) {
            parent.throwIfCancelled();
        }
        Scope scope = new Scope(parent, parent, Thread.currentThread(), shielded, hasDeadline, deadlineNanos,
                deadlineText);
        scope.attach();
        if (shielded && parent != null && parent.effectiveReason() != null) {
            // An interrupt the enclosing cancellation already sent must not fire inside the shield;
            // close() re-arms it for the enclosing scope when the shield ends.
            Thread.interrupted();
        }
        return scope;
    }

    /** Opens the scope of a task group, which no thread enters; its tasks' scopes hang below it. */
    static Scope forGroup() {
        Scope scope = new Scope(current(), null, null, false, false, 0, null);
        scope.attach();
        return scope;
    }

    /**
     * Opens a scope with no parent, which no thread enters: the scope of a {@link Supervisor}, whose tasks
     * neither the opener's deadline nor its cancellation reach.
     */
    static Scope root() {
        return new Scope(null, null, null, false, false, 0, null);
    }

    /** Whether this scope is {@code ancestor} or lies below it. */
    boolean isWithin(Scope ancestor) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits on {@code condition} (whose lock the caller holds) for at most {@code leftNanos}, and no
     * longer than the current deadline, so that a wait ends with {@link DeadlineExceeded} on time even
     * where no interrupt reaches it (an abort action registered in the same scope takes the interrupt's
     * place). Throws the current cancellation first. May return early, like any condition wait: the
     * caller loops. Untimed when nothing bounds it, because a timed park costs a virtual thread a timer.
     */
    static void await(Condition condition, long leftNanos) throws InterruptedException {
        Scope scope = current();
        long limit = leftNanos;
        if (scope != null) {
            scope.throwIfCancelled();
            if (scope.hasDeadline) {
                // At least 1 ns: a deadline that passed between the check and here is thrown on the next turn.
                limit = Math.max(1, Math.min(leftNanos, scope.deadlineNanos - System.nanoTime()));
            }
        }
        if (limit >= ScopedCall.FOREVER_NANOS / 2) {
            condition.await();
        } else {
            condition.awaitNanos(limit);
        }
    }

    /** Opens the scope of one task, run by {@code thread}, below a group's scope (or any other, or none). */
    static Scope forTask(Scope group, Thread thread) {
        Scope scope = new Scope(group, null, thread, false, false, 0, null);
        scope.attach();
        return scope;
    }

    /**
     * Opens the scope in which the current thread runs the body of a task group: below the group's
     * scope, so that a failing task cancels the body too, and nested in the thread's current scope.
     */
    static Scope forGroupBody(Scope group) {
        Scope host = current();
        if (host != null) {
            host.throwIfCancelled();
        }
        Scope scope = new Scope(group, host, Thread.currentThread(), false, false, 0, null);
        scope.attach();
        return scope;
    }

    private void attach() {
        if (host != null && host != parent) {
            host.lock.lock();
            try {
                host.nested = this;
            } finally {
                host.lock.unlock();
            }
        }
        if (parent != null) {
            parent.lock.lock();
            try {
                if (parent.children == null) {
                    parent.children = new LinkedHashSet<>();
                }
                parent.children.add(this);
                if (host == parent) {
                    parent.nested = this;
                }
            } finally {
                parent.lock.unlock();
            }
        }
        if (hasOwnDeadline && deadlineNanos == ownDeadlineNanos) {
            // Only a deadline that is the effective one needs a timer: an earlier enclosing deadline
            // cancels this scope anyway, and ownReason() notices a passed own deadline by itself.
            ScheduledFuture<?> scheduled = DeadlineTimer.schedule(this, ownDeadlineNanos - System.nanoTime());
            lock.lock();
            try {
                timer = scheduled;
            } finally {
                lock.unlock();
            }
        }
    }

    boolean hasDeadline() {
        return hasDeadline;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** This scope's own cancellation (its own deadline or an explicit cancel), ignoring its ancestors. */
    Reason ownReason() {
        Reason own = reason;
        if (own == null && hasOwnDeadline && System.nanoTime() - ownDeadlineNanos >= 0) {
            expire();
            own = reason;
        }
        return own;
    }

    /** The cancellation in force here: this scope's or an ancestor's up to the nearest shield; null if none. */
    Reason effectiveReason() {
        long now = 0;
        boolean haveNow = false;
        for (Scope s = this; s != null; s = s.parent) {
            Reason r = s.reason;
            if (r != null) {
                return r;
            }
            if (s.hasOwnDeadline) {
                if (!haveNow) {
                    now = System.nanoTime();
                    haveNow = true;
                }
                if (now - s.ownDeadlineNanos >= 0) {
                    s.expire();
                    return s.reason;
                }
            }
            if (s.shielded) {
                return null;
            }
        }
        return null;
    }

    void throwIfCancelled() {
        Reason r = effectiveReason();
        if (r != null) {
            throw r.toException(null);
        }
    }

    /** Called by the deadline timer, or by a check that noticed the deadline before the timer did. */
    void expire() {
        cancel(new Reason(true, "deadline exceeded: " + deadlineText));
    }

    /** Cancels this scope and everything below it (except shielded scopes); only the first reason counts. */
    void cancel(Reason why) {
        lock.lock();
        try {
            if (reason != null || closed) {
                return;
            }
            reason = why;
        } finally {
            lock.unlock();
        }
        deliver();
    }

    /** Wakes whatever is blocked in this scope and below it, after a cancellation took effect. */
    private void deliver() {
        AbortRegistration[] toFire;
        Scope[] below;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            toFire = registrations.toArray(AbortRegistration[]::new);
            below = children == null ? new Scope[0] : children.toArray(Scope[]::new);
            if (toFire.length == 0) {
                // The owner registered nothing here: interrupting is the only way in.
                interruptOwnerLocked();
            }
        } finally {
            lock.unlock();
        }
        boolean allFired = true;
        for (AbortRegistration registration : toFire) {
            allFired &= registration.fire();
        }
        if (!allFired) {
            interruptOwner();               // a broken abort action must not leave the thread blocked
        }
        for (Scope child : below) {
            if (!child.shielded) {
                child.deliver();
            }
        }
    }

    private void interruptOwner() {
        lock.lock();
        try {
            if (!closed) {
                interruptOwnerLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Interrupts the thread running in this very scope, if one does (not in a nested scope). */
    private void interruptOwnerLocked() {
        if (nested == null && owner != null) {
            interruptDelivered = true;
            owner.interrupt();
        }
    }

    /** Registers an abort action; the caller has checked that the scope is not cancelled. */
    Cancellation.Registration register(Runnable action) {
        AbortRegistration registration = new AbortRegistration(this, action);
        lock.lock();
        try {
            registrations.add(registration);
        } finally {
            lock.unlock();
        }
        if (effectiveReason() != null) {
            // Cancelled between the caller's check and the registration: deliver() may have missed it.
            registration.close();
            throwIfCancelled();
        }
        return registration;
    }

    void unregister(AbortRegistration registration) {
        lock.lock();
        try {
            registrations.remove(registration);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the scope: no more deliveries, the timer stops, an interrupt this scope delivered is taken
     * back, and the parent is re-armed if it is cancelled, because the interrupt it sent may have been
     * spent inside this scope.
     */
    void close() {
        ScheduledFuture<?> pending;
        boolean clearInterrupt;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pending = timer;
            clearInterrupt = interruptDelivered && owner == Thread.currentThread();
        } finally {
            lock.unlock();
        }
        if (pending != null) {
            pending.cancel(false);
        }
        if (clearInterrupt) {
            Thread.interrupted();
        }
        if (parent != null) {
            parent.lock.lock();
            try {
                if (parent.children != null) {
                    parent.children.remove(this);
                }
            } finally {
                parent.lock.unlock();
            }
        }
        if (host == null) {
            return;
        }
        host.lock.lock();
        try {
            if (host.nested == this) {
                host.nested = null;
            }
        } finally {
            host.lock.unlock();
        }
        if (host.owner == Thread.currentThread() && host.effectiveReason() != null) {
            host.rearmInterrupt();
        }
    }

    private void rearmInterrupt() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            interruptDelivered = true;
        } finally {
            lock.unlock();
        }
        Thread.currentThread().interrupt();
    }

    /**
     * Whether {@code failure} is what a cancellation looks like from inside: a {@link Cancelled}, an
     * interrupt, or the I/O error that an abort action (closing a socket) or an interrupt caused.
     */
    static boolean causedByCancellation(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause(), depth++) {
            if (t instanceof Cancelled || t instanceof InterruptedException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Turns an {@link InterruptedException} caught by a Weft blocking call into the cancellation behind
     * it; an interrupt that no scope sent is kept (the flag is restored) and reported as {@link Cancelled}.
     */
    static Cancelled interrupted(InterruptedException e) {
        Scope scope = current();
        Reason r = scope == null ? null : scope.effectiveReason();
        if (r != null) {
            return r.toException(e);
        }
        Thread.currentThread().interrupt();
        return new Cancelled("interrupted", e);
    }

    /** {@code t} unchanged when it is unchecked (a RuntimeException or an Error), else wrapped in {@link ExecutionFailed}. */
    static Throwable unchecked(Throwable t) {
        return t instanceof RuntimeException || t instanceof Error ? t : new ExecutionFailed(t);
    }

    /** Throws {@code t}, which {@link #unchecked} has made a RuntimeException or an Error. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        throw (RuntimeException) unchecked(t);
    }
}
