package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.sessions.Session;
import io.github.ddbpatterns.sessions.SessionStore;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Login sessions, on the session store: {@code POST /sessions} logs a user in and answers the new session's id,
 * {@code GET /sessions/{id}} answers the session while it lives and 404 once it has expired (whether or not DynamoDB's
 * TTL has deleted it yet) or when there is none.
 *
 * <p>A session id is a secret: a real service hands it out in a cookie or a header, not in URLs that end up in logs.
 */
@RestController
@RequestMapping("/sessions")
public class SessionsController {

    private final SessionStore sessions;

    /**
     * The endpoints over {@code sessions}.
     *
     * @param sessions the session store
     */
    public SessionsController(SessionStore sessions) {
        this.sessions = sessions;
    }

    /**
     * A login.
     *
     * @param userId who logs in (required)
     * @param attributes what the session holds, e.g. a role
     */
    public record LoginRequest(
            @Nullable String userId, @Nullable Map<String, String> attributes) {}

    /**
     * A live session.
     *
     * @param id the session id
     * @param userId whose
     * @param attributes what it holds
     * @param createdAt when it was created (whole seconds)
     * @param expiresAt when it expires (whole seconds)
     */
    public record SessionView(
            String id, String userId, Map<String, String> attributes, Instant createdAt, Instant expiresAt) {

        static SessionView of(Session session) {
            return new SessionView(
                    session.id(), session.owner(), session.attributes(), session.createdAt(), session.expiresAt());
        }
    }

    /**
     * Logs a user in: creates a session living {@code sample.sessions.time-to-live}.
     *
     * @param request the login
     * @return 201 with the session, its id included, and its location; 400 naming the field when {@code userId} is
     *     missing
     */
    @PostMapping
    public CompletableFuture<ResponseEntity<SessionView>> login(@RequestBody LoginRequest request) {
        if (request.userId() == null || request.userId().isBlank()) {
            throw InvalidInputException.of("userId", request.userId(), "not be empty");
        }
        Map<String, String> attributes = request.attributes() == null ? Map.of() : request.attributes();
        return sessions.create(request.userId(), attributes)
                .thenApply(session -> ResponseEntity.created(URI.create("/sessions/" + session.id()))
                        .body(SessionView.of(session)));
    }

    /**
     * The session, while it lives.
     *
     * @param id the session id
     * @return 200 with the session; 404 when it has expired or does not exist
     */
    @GetMapping("/{id}")
    public CompletableFuture<SessionView> get(@PathVariable String id) {
        return sessions.get(id)
                .thenApply(session -> session.map(SessionView::of)
                        .orElseThrow(() -> new ErrorResponseException(
                                HttpStatus.NOT_FOUND,
                                ProblemDetail.forStatusAndDetail(
                                        HttpStatus.NOT_FOUND,
                                        "no live session with this id (expired, deleted or never created)"),
                                null)));
    }
}
