package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.table.SyncTableRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The blocking twin of a {@link SessionStore}: the same methods, waiting for the result; failures are rethrown
 * as they are (not wrapped in {@link CompletionException}). Get one with {@link SessionStore#sync()}.
 *
 * <pre>{@code
 * SyncSessionStore sessions = SessionStore.builder(context).tableName("sessions").build().sync();
 * Session s = sessions.create("user-42", Map.of("role", "admin"));
 * Optional<Session> live = sessions.touch(s.id());
 * }</pre>
 */
public final class SyncSessionStore extends SyncTableRepository<SessionStore> {

    SyncSessionStore(SessionStore store) {
        super(store);
    }

    /**
     * See {@link SessionStore#create(String, Map)}.
     *
     * @param owner who the session belongs to
     * @param attributes the session's attributes
     * @return the session as stored
     * @throws io.github.ddbpatterns.core.InvalidInputException if owner is empty, attributes is null or holds a
     *     null key or value, or the item would exceed 400 KB
     */
    public Session create(String owner, Map<String, String> attributes) {
        return Blocking.await(async().create(owner, attributes));
    }

    /**
     * See {@link SessionStore#create(String, Map, Duration)}.
     *
     * @param owner who the session belongs to
     * @param attributes the session's attributes
     * @param timeToLive how long it lives
     * @return the session as stored
     * @throws io.github.ddbpatterns.core.InvalidInputException if owner is empty, attributes is null or holds a
     *     null key or value, the item would exceed 400 KB, or timeToLive is not at least one second
     */
    public Session create(String owner, Map<String, String> attributes, Duration timeToLive) {
        return Blocking.await(async().create(owner, attributes, timeToLive));
    }

    /**
     * See {@link SessionStore#get}.
     *
     * @param id the session id
     * @return the live session, or empty
     * @throws io.github.ddbpatterns.core.InvalidInputException if id is empty or too long
     */
    public Optional<Session> get(String id) {
        return Blocking.await(async().get(id));
    }

    /**
     * See {@link SessionStore#touch}.
     *
     * @param id the session id
     * @return the live session (renewed or not), or empty
     * @throws io.github.ddbpatterns.core.InvalidInputException if id is empty or too long
     */
    public Optional<Session> touch(String id) {
        return Blocking.await(async().touch(id));
    }

    /**
     * See {@link SessionStore#delete}.
     *
     * @param id the session id
     * @throws io.github.ddbpatterns.core.InvalidInputException if id is empty or too long
     */
    public void delete(String id) {
        Blocking.await(async().delete(id));
    }

    /**
     * See {@link SessionStore#deleteAll}.
     *
     * @param owner whose sessions to delete
     * @return how many sessions were deleted
     * @throws io.github.ddbpatterns.core.InvalidInputException if owner is empty
     */
    public int deleteAll(String owner) {
        return Blocking.await(async().deleteAll(owner));
    }

    /**
     * See {@link SessionStore#sessionsOf}.
     *
     * @param owner whose sessions to list
     * @return the live sessions
     * @throws io.github.ddbpatterns.core.InvalidInputException if owner is empty
     */
    public List<Session> sessionsOf(String owner) {
        return Blocking.await(async().sessionsOf(owner));
    }

    /**
     * See {@link SessionStore#config}.
     *
     * @return the settings
     */
    public SessionStoreConfig config() {
        return async().config();
    }
}
