package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.buffer.BufferFullException;
import io.github.ddbpatterns.core.table.TableLayoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The library's exceptions as HTTP answers, in RFC 9457 problem details (as are Spring MVC's own errors, e.g. a
 * missing or malformed parameter): bad input is 400 with the library's message and the field it names, a missing
 * table or one of another layout is 503 with the message naming the table and the layout it needs, a full write
 * buffer is 503 with {@code Retry-After}. Exceptions that end a {@code CompletableFuture} arrive here too.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    /** Created by Spring. */
    public ApiErrors() {}

    /**
     * Bad input, refused before any request to DynamoDB: a limit that is not positive, a range whose {@code from} is
     * not before {@code to}, a cursor altered or issued for another query ({@code InvalidCursorException}).
     *
     * @param e the exception
     * @return 400 with {@code detail} the library's message and {@code field} the field it names
     */
    @ExceptionHandler(InvalidInputException.class)
    public ProblemDetail badInput(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    /**
     * The table of a repository is missing or has another layout: the service cannot serve this endpoint until the
     * table is created.
     *
     * @param e the exception
     * @return 503 with {@code detail} the library's message and {@code table} the table's name
     */
    @ExceptionHandler(TableLayoutException.class)
    public ProblemDetail tableNotReady(TableLayoutException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setProperty("table", e.tableName());
        return problem;
    }

    /**
     * The clicks' write buffer is full: DynamoDB does not take the writes as fast as they come.
     *
     * @param e the exception
     * @return 503 with {@code Retry-After: 1}
     */
    @ExceptionHandler(BufferFullException.class)
    public ResponseEntity<ProblemDetail> bufferFull(BufferFullException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }
}
