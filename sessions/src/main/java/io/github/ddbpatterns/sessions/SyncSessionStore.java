package io.github.ddbpatterns.sessions;

import io.github.ddbpatterns.core.internal.Blocking;
import io.github.ddbpatterns.core.internal.Checks;
import io.github.ddbpatterns.core.table.TableLayout;
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
public final class SyncSessionStore {

    private final SessionStore store;

    SyncSessionStore(SessionStore store) {
        this.store = Checks.notNull("store", store);
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
        return Blocking.await(store.create(owner, attributes));
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
        return Blocking.await(store.create(owner, attributes, timeToLive));
    }

    /**
     * See {@link SessionStore#get}.
     *
     * @param id the session id
     * @return the live session, or empty
     * @throws io.github.ddbpatterns.core.InvalidInputException if id is empty or too long
     */
    public Optional<Session> get(String id) {
        return Blocking.await(store.get(id));
    }

    /**
     * See {@link SessionStore#touch}.
     *
     * @param id the session id
     * @return the live session (renewed or not), or empty
     * @throws io.github.ddbpatterns.core.InvalidInputException if id is empty or too long
     */
    public Optional<Session> touch(String id) {
        return Blocking.await(store.touch(id));
    }

    /**
     * See {@link SessionStore#delete}.
     *
     * @param id the session id
     * @throws io.github.ddbpatterns.core.InvalidInputException if id is empty or too long
     */
    public void delete(String id) {
        Blocking.await(store.delete(id));
    }

    /**
     * See {@link SessionStore#deleteAll}.
     *
     * @param owner whose sessions to delete
     * @return how many sessions were deleted
     * @throws io.github.ddbpatterns.core.InvalidInputException if owner is empty
     */
    public int deleteAll(String owner) {
        return Blocking.await(store.deleteAll(owner));
    }

    /**
     * See {@link SessionStore#sessionsOf}.
     *
     * @param owner whose sessions to list
     * @return the live sessions
     * @throws io.github.ddbpatterns.core.InvalidInputException if owner is empty
     */
    public List<Session> sessionsOf(String owner) {
        return Blocking.await(store.sessionsOf(owner));
    }

    /**
     * See {@link SessionStore#config}.
     *
     * @return the settings
     */
    public SessionStoreConfig config() {
        return store.config();
    }

    /**
     * See {@link SessionStore#tableName}.
     *
     * @return the table name
     */
    public String tableName() {
        return store.tableName();
    }

    /**
     * See {@link SessionStore#tableLayout}.
     *
     * @return the layout the store needs
     */
    public TableLayout tableLayout() {
        return store.tableLayout();
    }

    /**
     * See {@link SessionStore#createTable}: creates the table, waiting until it is ready.
     *
     * @throws io.github.ddbpatterns.core.table.TableLayoutException if an existing table has another layout
     */
    public void createTable() {
        Blocking.await(store.createTable());
    }

    /**
     * See {@link SessionStore#verifyTable}.
     *
     * @throws io.github.ddbpatterns.core.table.TableLayoutException if the table is missing or has another layout
     */
    public void verifyTable() {
        Blocking.await(store.verifyTable());
    }

    /**
     * The async store behind this view.
     *
     * @return the store
     */
    public SessionStore async() {
        return store;
    }
}
