package dev.gatehouse.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A GET written byte for byte on a socket, so that a hostile path reaches Gatehouse exactly as an attacker
 * would send it: HTTP clients normalize {@code ..} and re-encode characters before sending.
 */
public final class RawRequest {
  private RawRequest() {}

  /** The response's status line and body. */
  public record Answer(int status, String statusLine, String body) {}

  public static Answer get(int port, String rawPath) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String statusLine = response.substring(0, response.indexOf("\r\n"));
      int bodyStart = response.indexOf("\r\n\r\n");
      return new Answer(Integer.parseInt(statusLine.split(" ")[1]), statusLine,
          bodyStart < 0 ? "" : response.substring(bodyStart + 4));
    }
  }
}
