package io.dataexporter.gateway.web;

import io.dataexporter.gateway.config.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code exporter.gateway.max-body-size}: at once when the declared
 * length is too large, else while the body is read (chunked uploads), before any of it is used.
 */
@Component
class BodySizeLimit extends OncePerRequestFilter {
  private final long maxBytes;

  BodySizeLimit(GatewayProperties properties) {
    this.maxBytes = properties.maxBodySize().toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      response.setStatus(413);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response
          .getWriter()
          .write(
              "{\"type\":\"about:blank\",\"title\":\"Request body too large\",\"status\":413,"
                  + "\"detail\":\"the body may have at most "
                  + maxBytes
                  + " bytes\",\"errors\":[{\"field\":\"body\","
                  + "\"message\":\"may have at most "
                  + maxBytes
                  + " bytes\"}]}");
      return;
    }
    chain.doFilter(new Limited(request, maxBytes), response);
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0) {
            count(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
          int n = in.read(buffer, off, len);
          if (n > 0) {
            count(n);
          }
          return n;
        }

        private void count(long n) throws PayloadTooLargeException {
          read += n;
          if (read > maxBytes) {
            throw new PayloadTooLargeException("the body may have at most " + maxBytes + " bytes");
          }
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
