package io.dbworkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is what a newcomer reads first and the docs/ pages are where it sends them: the two commands come first,
 * CI runs the test command the README shows, every relative link and #anchor resolves as GitHub renders it, and every
 * page says its delivery guarantee before anything else.
 */
class DocumentationTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    @Test
    void readmeStartsWithTheTwoCommandsAndCiRunsTheTestCommand() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```bash\n") + "```bash\n".length();
        assertThat(start).isLessThan(readme.indexOf("\n## "));
        String firstBlock = readme.substring(start, readme.indexOf("\n```", start));
        assertThat(firstBlock.lines()).containsExactly(
                "mvn -B package -DskipTests && bin/db-workers",
                "scripts/test.sh");
        List<String> ci = Files.readAllLines(Path.of(".ci/run"));
        assertThat(ci.get(ci.size() - 1)).isEqualTo("scripts/test.sh");
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyPageStartsWithItsSummaryAndDeliveryGuarantee() throws IOException {
        for (Path page : pages()) {
            if (page.getFileName().toString().equals("README.md")) {
                continue;
            }
            String text = Files.readString(page);
            String beforeFirstSection = text.substring(0, Math.max(0, text.indexOf("\n## ")));
            assertThat(beforeFirstSection).as(page.toString()).startsWith("# ").contains("**Delivery guarantee:**");
        }
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Link targets outside code blocks and code spans. */
    private static List<String> links(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode) {
                Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
                while (m.find()) {
                    targets.add(m.group(1));
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
