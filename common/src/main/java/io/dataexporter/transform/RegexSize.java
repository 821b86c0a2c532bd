package io.dataexporter.transform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a regular expression before RE2/J compiles it: RE2/J 1.8 expands counted repetitions
 * while compiling, so {@code ((a{1000}){1000}){1000}} would need billions of instructions and
 * exhaust the heap before its size could be checked.
 */
final class RegexSize {
  private static final Pattern REPEAT = Pattern.compile("\\{(\\d{1,4})(,(\\d{0,4}))?}");

  private RegexSize() {}

  /**
   * An upper estimate of the compiled size: one per atom, counted repetitions multiplying what they
   * repeat, groups nested. Only needs to be right about order of magnitude.
   */
  static long estimate(String re) {
    final long cap = 1L << 40;
    Deque<long[]> outer = new ArrayDeque<>();
    long total = 0;
    long last = 0;
    int i = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      Matcher repeat = REPEAT.matcher(re).region(i, re.length());
      if (c == '{' && last > 0 && repeat.lookingAt()) {
        long n = Long.parseLong(repeat.group(1));
        String max = repeat.group(3);
        long times =
            repeat.group(2) == null ? n : max.isEmpty() ? n + 1 : Math.max(n, Long.parseLong(max));
        total = Math.min(cap, total + last * Math.max(0, times - 1));
        last = Math.min(cap, last * times);
        i = repeat.end();
        continue;
      }
      if (c == '(') {
        outer.push(new long[] {total, last});
        total = 0;
        last = 0;
        i++;
        continue;
      }
      if (c == ')' && !outer.isEmpty()) {
        long group = Math.max(1, total);
        long[] saved = outer.pop();
        total = Math.min(cap, saved[0] + group);
        last = group;
        i++;
        continue;
      }
      if (c == '|') {
        last = 0;
        i++;
        continue;
      }
      i = c == '\\' ? afterEscape(re, i) : c == '[' ? afterClass(re, i) : i + 1;
      total = Math.min(cap, total + 1);
      last = 1;
    }
    while (!outer.isEmpty()) {
      total = Math.min(cap, total + outer.pop()[0]);
    }
    return total;
  }

  private static int afterEscape(String re, int at) {
    if (at + 1 >= re.length()) {
      return at + 1;
    }
    char next = re.charAt(at + 1);
    if (next == 'Q') {
      int end = re.indexOf("\\E", at + 2);
      return end < 0 ? re.length() : end + 2;
    }
    if ((next == 'p' || next == 'P') && at + 2 < re.length() && re.charAt(at + 2) == '{') {
      int end = re.indexOf('}', at + 3);
      return end < 0 ? re.length() : end + 1;
    }
    return at + 2;
  }

  private static int afterClass(String re, int at) {
    int j = at + 1;
    if (j < re.length() && re.charAt(j) == '^') {
      j++;
    }
    if (j < re.length() && re.charAt(j) == ']') {
      j++;
    }
    while (j < re.length() && re.charAt(j) != ']') {
      if (re.charAt(j) == '\\') {
        j += 2;
      } else if (re.startsWith("[:", j) && re.indexOf(":]", j + 2) > 0) {
        j = re.indexOf(":]", j + 2) + 2;
      } else {
        j++;
      }
    }
    return j + 1;
  }
}
