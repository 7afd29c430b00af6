package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The blocking twin of a {@link SessionStore}: the same methods, waiting for the result; failures are rethrown
 * as they are (not wrapped in {@link CompletionException}). Get one with {@link SessionStore#blocking()}.
 */
public final class SyncSessionStore {

    private final SessionStore store;

    SyncSessionStore(SessionStore store) {
        this.store = Checks.notNull("store", store);
    }

    /** See {@link SessionStore#create(String, Map)}. */
    public Session create(String owner, Map<String, String> attributes) {
        return Blocking.await(store.create(owner, attributes));
    }

    /** See {@link SessionStore#create(String, Map, Duration)}. */
    public Session create(String owner, Map<String, String> attributes, Duration timeToLive) {
        return Blocking.await(store.create(owner, attributes, timeToLive));
    }

    /** See {@link SessionStore#get}. */
    public Optional<Session> get(String id) {
        return Blocking.await(store.get(id));
    }

    /** See {@link SessionStore#touch}. */
    public Optional<Session> touch(String id) {
        return Blocking.await(store.touch(id));
    }

    /** See {@link SessionStore#invalidate}. */
    public void invalidate(String id) {
        Blocking.await(store.invalidate(id));
    }

    /** See {@link SessionStore#invalidateAll}. */
    public int invalidateAll(String owner) {
        return Blocking.await(store.invalidateAll(owner));
    }

    /** See {@link SessionStore#sessionsOf}. */
    public List<Session> sessionsOf(String owner) {
        return Blocking.await(store.sessionsOf(owner));
    }

    /** The async store behind this view. */
    public SessionStore async() {
        return store;
    }
}
