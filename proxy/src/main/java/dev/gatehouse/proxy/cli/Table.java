package dev.gatehouse.proxy.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows printed in columns as wide as their widest cell, for people; scripts use {@code --json}. */
final class Table {
  /** Cells wider than this are cut, so one long reason does not push every other column off the screen. */
  private static final int MAX_CELL = 60;

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  /** A row; a null cell prints as {@code -}. */
  Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size());
    }
    rows.add(Arrays.stream(cells).map(Table::cell).toList());
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[header.size()];
    for (List<String> row : rowsWithHeader()) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rowsWithHeader()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(i == widths.length - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private List<List<String>> rowsWithHeader() {
    List<List<String>> all = new ArrayList<>(rows.size() + 1);
    all.add(header);
    all.addAll(rows);
    return all;
  }

  private static String cell(String value) {
    if (value == null || value.isEmpty() || value.equals("null")) {
      return "-";
    }
    String line = value.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    return line.length() > MAX_CELL ? line.substring(0, MAX_CELL - 3) + "..." : line;
  }
}
