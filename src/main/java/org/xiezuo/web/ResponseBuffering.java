package org.xiezuo.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.Ordered;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A whole page in one response buffer, sent when the request ends. Thymeleaf flushes the writer when a
 * page is rendered; Spring Session takes the first flush as the response's commit and saves the session
 * there, then again at the end of the request — where it reads the session from the database a second
 * time (one of the 21 round trips of a dashboard view, docs/benchmarks.md W4). Inside the session filter,
 * this filter lets flushes of the writer and the stream wait for the end of the request and gives the
 * response a buffer large enough for the largest pages, so the session is read once and written once,
 * and a database failure while it is written can still be answered with {@link DatabaseOutageFilter}'s
 * page. Larger responses still stream: the container sends its buffer whenever it is full, and a download
 * with a length is complete (and its session saved) when the last byte is written.
 */
@Component
class ResponseBuffering extends OncePerRequestFilter implements Ordered {

    /** Bytes: the largest pages (the plan overview, the indicator table) are 40–120 KB of HTML. */
    static final int SIZE = 128 * 1024;

    @Override
    public int getOrder() {
        return SessionRepositoryFilter.DEFAULT_ORDER + 1;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (response.getBufferSize() < SIZE) response.setBufferSize(SIZE);
        chain.doFilter(request, new FlushAtEnd(response));
    }

    /** The response with {@code flush} and {@code flushBuffer} left to the end of the request. */
    private static final class FlushAtEnd extends HttpServletResponseWrapper {
        private PrintWriter writer;
        private ServletOutputStream stream;

        FlushAtEnd(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(super.getWriter(), false) {
                    @Override
                    public void flush() {
                        // sent when the request ends
                    }
                };
            }
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override public boolean isReady() { return out.isReady(); }
                    @Override public void setWriteListener(WriteListener listener) { out.setWriteListener(listener); }
                    @Override public void write(int b) throws IOException { out.write(b); }
                    @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
                    @Override public void flush() {
                        // sent when the request ends
                    }
                    @Override public void close() throws IOException { out.close(); }
                };
            }
            return stream;
        }

        @Override
        public void flushBuffer() {
            // sent when the request ends
        }
    }
}
