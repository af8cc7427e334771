package dev.gatehouse.analyzer.jvm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Pulls flat records out of Maven's descriptor files: for every element named {@code record}, the text
 * of its direct children named {@code fields}. DTDs and external entities are off: the file comes from
 * an untrusted jar, and nothing in it may make the parser reach the network or the disk.
 */
final class XmlRecords {
  /** A field longer than this is not a class name or a goal; it is cut, never buffered without bound. */
  private static final int MAX_FIELD = 1024;

  private XmlRecords() {}

  static List<List<String>> read(byte[] xml, String path, String record, String... fields) throws IOException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<List<String>> records = new ArrayList<>();
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      int depth = 0;
      int recordDepth = -1;
      int field = -1;
      String[] values = null;
      StringBuilder text = new StringBuilder();
      while (reader.hasNext()) {
        switch (reader.next()) {
          case XMLStreamReader.START_ELEMENT -> {
            depth++;
            String name = reader.getLocalName();
            if (recordDepth < 0 && name.equals(record)) {
              recordDepth = depth;
              values = new String[fields.length];
              Arrays.fill(values, "");
            } else if (recordDepth >= 0 && depth == recordDepth + 1) {
              field = Arrays.asList(fields).indexOf(name);
              text.setLength(0);
            }
          }
          case XMLStreamReader.CHARACTERS, XMLStreamReader.CDATA -> {
            if (field >= 0 && text.length() < MAX_FIELD) {
              text.append(reader.getText(), 0, Math.min(reader.getTextLength(), MAX_FIELD - text.length()));
            }
          }
          case XMLStreamReader.END_ELEMENT -> {
            if (field >= 0 && depth == recordDepth + 1) {
              values[field] = text.toString().strip();
              field = -1;
            } else if (depth == recordDepth) {
              records.add(List.of(values));
              recordDepth = -1;
            }
            depth--;
          }
          default -> { }
        }
      }
      reader.close();
    } catch (XMLStreamException | RuntimeException malformed) {
      throw new IOException(path + " is not well-formed XML: " + malformed.getMessage(), malformed);
    }
    return records;
  }
}
