package io.parley.app;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the console OTP driver prints, as a developer reading the server's standard output would:
 * a tee on System.out, installed once per test JVM, keeps the lines that start with {@code OTP for }, and while a
 * test records ({@link #startRecording}) every line, logs included.
 */
final class ConsoleCodes {

    private static final String PREFIX = "OTP for ";
    private static final List<String> LINES = new ArrayList<>();
    private static List<String> recording;

    static {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new LineTee(original), true, StandardCharsets.UTF_8));
    }

    private ConsoleCodes() {
    }

    /** Installs the tee (once); call before the app under test prints anything. */
    static void install() {
        // The static initialiser did the work.
    }

    /** Keeps every line printed from now on (a test that checks what the app printed). */
    static synchronized void startRecording() {
        recording = new ArrayList<>();
    }

    static synchronized List<String> recorded() {
        return List.copyOf(recording);
    }

    static synchronized List<String> lines() {
        return List.copyOf(LINES);
    }

    /** The last code printed for {@code identifier}. */
    static String lastCode(String identifier) {
        Matcher m = Pattern.compile("^OTP for " + Pattern.quote(identifier) + ": (\\d{6})$").matcher("");
        String code = null;
        for (String line : lines()) {
            if (m.reset(line).matches()) {
                code = m.group(1);
            }
        }
        if (code == null) {
            throw new AssertionError("No code was printed for " + identifier);
        }
        return code;
    }

    private static synchronized void record(String line) {
        if (recording != null) {
            recording.add(line);
        }
        if (line.startsWith(PREFIX)) {
            LINES.add(line);
        }
    }

    private static final class LineTee extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineTee(PrintStream original) {
            this.original = original;
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
                record(line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            } else if (line.size() < 4096) {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
