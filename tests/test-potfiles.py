#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES.in must list every file with translatable strings, and nothing else; and
the strings a user sees must be marked for translation, with plural forms where they count.

Usage: test-potfiles.py SOURCE_ROOT
       test-potfiles.py --self-test

Looks through src/, ui/ and data/ for C files that call a gettext macro (_(), N_(),
C_(), NC_(), ngettext and friends) outside comments, GtkBuilder files with
translatable="yes", and desktop, AppStream and GSettings files.

Then it reads the strings themselves:
- in C, a bare string literal with words in it, given where a user reads it: to a label,
  tooltip, title, toast, dialog, file chooser or accessible label, as a GError's message,
  a CLI error, an option's description, or as the name or value of a stack's metadata
  (USER_VISIBLE below);
- in GtkBuilder files, a label, title, tooltip, description... (UI_PROPERTIES) that is not
  translatable="yes";
- in C, a singular gettext string that counts something ("%u planes"): that takes
  ngettext, since "1 planes" is wrong in English and other languages have more forms.
Prints a TAP stream. --self-test first shows on a fake tree that each check can fail.
"""

import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET

SCAN_DIRS = ("src", "ui", "data")
GETTEXT_CALL = re.compile(
    r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?|g_dgettext|"
    r"dngettext|dgettext|pgettext|npgettext)\s*\(")


def strip_c(text):
    """The code of a C file with comments removed and string literals emptied."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def mask_comments(text):
    """The text of a C file with comments blanked (line breaks kept) and strings kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


# Functions whose arguments (0-based) a user reads. A bare literal there must be _("...").
USER_VISIBLE = {
    "gtk_label_new": (0,), "gtk_label_set_text": (1,), "gtk_label_set_label": (1,),
    "gtk_label_set_markup": (1,), "gtk_button_new_with_label": (0,),
    "gtk_button_new_with_mnemonic": (0,), "gtk_button_set_label": (1,),
    "gtk_check_button_new_with_label": (0,), "gtk_check_button_set_label": (1,),
    "gtk_widget_set_tooltip_text": (1,), "gtk_widget_set_tooltip_markup": (1,),
    "gtk_window_set_title": (1,), "gtk_progress_bar_set_text": (1,),
    "gtk_string_list_append": (1,), "gtk_entry_set_placeholder_text": (1,),
    "gtk_file_chooser_native_new": (0, 3, 4), "gtk_file_chooser_add_choice": (2,),
    "gtk_file_filter_set_name": (1,),
    "adw_window_title_set_title": (1,), "adw_window_title_set_subtitle": (1,),
    "adw_preferences_row_set_title": (1,), "adw_action_row_set_subtitle": (1,),
    "adw_preferences_group_set_title": (1,), "adw_preferences_group_set_description": (1,),
    "adw_preferences_page_set_title": (1,), "adw_status_page_set_title": (1,),
    "adw_status_page_set_description": (1,), "adw_toast_new": (0,), "adw_toast_set_title": (1,),
    "adw_toast_set_button_label": (1,), "adw_message_dialog_new": (1, 2),
    "adw_message_dialog_set_heading": (1,), "adw_message_dialog_set_body": (1,),
    "adw_message_dialog_format_heading": (1,), "adw_message_dialog_format_body": (1,),
    "adw_message_dialog_add_response": (2,), "adw_tab_page_set_title": (1,),
    "adw_tab_page_set_tooltip": (1,),
    "g_set_error": (3,), "g_set_error_literal": (3,), "g_error_new": (2,),
    "g_error_new_literal": (2,), "g_prefix_error": (1,), "g_printerr": (0,),
    "g_option_context_new": (0,), "g_option_context_set_summary": (1,),
    "g_option_context_set_description": (1,),
    "sc_cli_fail": (1,), "sc_cli_print_error": (0,), "_sc_window_show_toast": (1,),
    "_sc_page_message": (1,),
    # the stack's metadata: the viewer and the CLI show names and values as they are stored
    "sc_stack_info_add_metadata": (1, 2), "sc_stack_info_take_metadata": (1,),
}
# accessible labels and descriptions: the literal after the property's name
ACCESSIBLE_CALLS = ("gtk_accessible_update_property",)
ACCESSIBLE_TEXT = re.compile(r"GTK_ACCESSIBLE_PROPERTY_(LABEL|DESCRIPTION)$")
# an option's description: { "name", 'c', flags, G_OPTION_ARG_..., &var, "description", ... }
OPTION_ENTRY = re.compile(r'\{\s*"[^"]*"\s*,\s*[^,]+,\s*[^,]+,\s*G_OPTION_ARG_\w+\s*,\s*[^,]+,\s*'
                          r'("(?:[^"\\]|\\.)*")')
CALL = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)\s*\(")
# printf conversions and the GLib format macros between literals
CONVERSION = re.compile(r"%[-+ #0-9.*$]*(?:hh|h|ll|l|z|j|t)?[a-zA-Z%]")
WORDS = re.compile(r"[A-Za-z]{2,}")
SINGULAR_GETTEXT = ("_", "N_", "C_", "NC_", "Q_")
# a count and the plural noun it counts ("%u planes", "%u image series"), but not a size
# ("%u × %u pixels") nor "%u of"
COUNTED = re.compile(r"(?<![x×] )(?<![x×])%(?:\d+\$)?[-+ 0#]*\d*(?:ll|l|z)?[ud] "
                     r"((?:([a-z-]+) )?([a-z-]+s|series))\b")
# words after a count that are not what it counts ("page %u points back", "%u is shown")
NOT_COUNTED = {"is", "its", "has", "was", "does", "as", "this", "thus", "points", "lies",
               "after", "before", "of", "to", "in", "at", "and", "or", "but", "than", "x"}


def split_args(text, start):
    """The arguments of the call whose "(" is at start, as strings, and where it ends."""
    args, depth, i, cur = [], 0, start + 1, []
    n = len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i
            depth -= 1
        elif c == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args, n


def literal_of(arg):
    """The text of an argument that is a bare string literal (adjacent literals and the
    GLib format macros between them joined), or None."""
    if not arg.startswith('"'):
        return None
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|(G_G\w+_FORMAT)|(\S)', arg)
    text = []
    for lit, macro, other in parts:
        if other:
            return None   # a literal inside an expression (a ? "a" : b): judged by hand
        text.append(lit if not macro else "%llu")
    return "".join(text)


def has_words(literal):
    return WORDS.search(CONVERSION.sub(" ", literal)) is not None


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def unmarked_c_strings(rel, text):
    """'file:line: "literal"' for each user-visible bare literal in a C file."""
    code = mask_comments(text)
    found = []
    for m in CALL.finditer(code):
        name = m.group(1)
        if name not in USER_VISIBLE and name not in ACCESSIBLE_CALLS:
            continue
        args, _ = split_args(code, m.end() - 1)
        if name in ACCESSIBLE_CALLS:
            picks = [i for i in range(1, len(args)) if ACCESSIBLE_TEXT.search(args[i - 1])]
        else:
            picks = [i for i in USER_VISIBLE[name] if i < len(args)]
        for i in picks:
            lit = literal_of(args[i])
            if lit is not None and has_words(lit):
                found.append('%s:%d: %s: "%s"' % (rel, line_of(code, m.start()), name, lit))
    for m in OPTION_ENTRY.finditer(code):
        lit = literal_of(m.group(1))
        if lit is not None and has_words(lit):
            found.append('%s:%d: option description "%s"' % (rel, line_of(code, m.start(1)), lit))
    return found


def uncounted_c_strings(rel, text):
    """'file:line: "literal"' for each singular gettext string that counts a plural noun."""
    code = mask_comments(text)
    found = []
    for m in CALL.finditer(code):
        if m.group(1) not in SINGULAR_GETTEXT:
            continue
        args, _ = split_args(code, m.end() - 1)
        # C_ and NC_ take a context first
        lit = literal_of(args[-1]) if args else None
        if lit is None:
            continue
        hit = next((h for h in COUNTED.finditer(lit)
                    if h.group(2) not in NOT_COUNTED and h.group(3) not in NOT_COUNTED), None)
        if hit:
            found.append('%s:%d: "%s" counts "%s": use ngettext'
                         % (rel, line_of(code, m.start()), lit, hit.group(1)))
    return found


# what a user reads in a GtkBuilder file
UI_PROPERTIES = {"label", "title", "subtitle", "tooltip-text", "tooltip-markup", "description",
                 "placeholder-text", "text", "heading", "body", "button-label", "secondary-text"}


def unmarked_ui_strings(rel, text):
    found = []
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        return ["%s: not well-formed (%s)" % (rel, e)]
    for el in root.iter():
        if el.tag not in ("property", "attribute") or el.get("name") not in UI_PROPERTIES:
            continue
        value = (el.text or "").strip()
        if el.get("translatable") != "yes" and has_words(value):
            found.append('%s: <%s name="%s">%s</%s> is not translatable="yes"'
                         % (rel, el.tag, el.get("name"), value, el.tag))
    return found


def string_problems(root, files):
    """(unmarked, uncounted): the problems in the given files (paths relative to root)."""
    unmarked, uncounted = [], []
    for rel in files:
        try:
            with open(os.path.join(root, rel), encoding="utf-8") as f:
                text = f.read()
        except (UnicodeDecodeError, OSError):
            continue
        if rel.endswith(".c"):
            unmarked += unmarked_c_strings(rel, text)
            uncounted += uncounted_c_strings(rel, text)
        elif rel.endswith(".ui"):
            unmarked += unmarked_ui_strings(rel, text)
    return unmarked, uncounted


def source_files(root):
    out = []
    for d in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames[:] = sorted(x for x in dirnames if not x.startswith((".", "_build")))
            for fn in sorted(filenames):
                out.append(os.path.relpath(os.path.join(dirpath, fn), root))
    return out


def translatable(path):
    name = os.path.basename(path)
    if name.endswith((".desktop.in", ".metainfo.xml.in", ".appdata.xml.in")):
        return True
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith((".c", ".h")):
        return GETTEXT_CALL.search(strip_c(text)) is not None
    if name.endswith((".ui", ".blp")):
        return 'translatable="yes"' in text or "_(" in text
    if name.endswith((".gschema.xml", ".gschema.xml.in")):
        return "<summary>" in text or "<description>" in text
    return False


SELF_TEST_FILES = {
    "src/bad.c": """
static void f (GtkWidget *w) {
  gtk_widget_set_tooltip_text (w, "Zoom In");            /* a user reads it */
  g_set_error (error, SC_ERROR, 1, "page %u of %s is truncated", n, name);
  sc_stack_info_add_metadata (info, "Byte order", "little-endian");
  gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL, "Play", -1);
  label = g_strdup_printf (_("%u planes"), n);
  other = g_strdup_printf (_("the file holds %" G_GUINT64_FORMAT " image series"), n);
}
static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
};
""",
    "src/good.c": """
static void f (GtkWidget *w) {
  gtk_widget_set_tooltip_text (w, _("Zoom In"));
  gtk_widget_set_tooltip_text (w, "%s");    /* no words: nothing to translate */
  g_set_error (error, SC_ERROR, 1, _("page %u of %s is truncated"), n, name);
  sc_stack_info_add_metadata (info, N_("Byte order"), _("little-endian"));
  gtk_widget_add_css_class (w, "flat");     /* not read */
  label = g_strdup_printf (ngettext ("%u plane", "%u planes", n), n);
  size = g_strdup_printf (_("%u × %u pixels"), w, h);
  loop = g_strdup_printf (_("page %u points back to page %u, which is shown"), a, b);
  /* gtk_widget_set_tooltip_text (w, "in a comment"); */
}
static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
};
""",
    "ui/bad.ui": """<interface><object class="GtkButton">
<property name="tooltip-text">Zoom In</property>
<property name="label" translatable="yes">_Open</property>
<property name="icon-name">zoom-in-symbolic</property>
<property name="label">%</property>
</object></interface>""",
}


def self_test():
    failed = 0

    def expect(what, ok):
        nonlocal failed
        print("%s - self-test: %s" % ("ok" if ok else "not ok", what))
        failed += not ok

    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in SELF_TEST_FILES.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
            with open(os.path.join(tmp, rel), "w", encoding="utf-8") as f:
                f.write(text)
        unmarked, uncounted = string_problems(tmp, ["src/bad.c"])
        for p in unmarked + uncounted:
            print("# found: " + p)
        expect("a bare tooltip is found", any("Zoom In" in p for p in unmarked))
        expect("a bare GError message is found", any("truncated" in p for p in unmarked))
        expect("a bare metadata name and value are found",
               any("Byte order" in p for p in unmarked) and any("little-endian" in p for p in unmarked))
        expect("a bare accessible label is found", any('"Play"' in p for p in unmarked))
        expect("a bare option description is found", any("Print JSON" in p for p in unmarked))
        expect("a singular string that counts is found", any('"%u planes"' in p for p in uncounted))
        expect("a count before a format macro is found", any("image series" in p for p in uncounted))
        unmarked, uncounted = string_problems(tmp, ["src/good.c"])
        for p in unmarked + uncounted:
            print("# found: " + p)
        expect("marked, counted, wordless and unread strings pass", not unmarked and not uncounted)
        unmarked, _ = string_problems(tmp, ["ui/bad.ui"])
        for p in unmarked:
            print("# found: " + p)
        expect("an untranslatable tooltip in a .ui file, and only it, is found",
               len(unmarked) == 1 and "Zoom In" in unmarked[0])
    print("1..%d" % 9)
    return 1 if failed else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)

    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    listed = [l for l in lines if l and not l.startswith("#")]

    found = set()
    for d in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames[:] = sorted(x for x in dirnames if not x.startswith((".", "_build")))
            for fn in filenames:
                path = os.path.join(dirpath, fn)
                if translatable(path):
                    found.add(os.path.relpath(path, root))

    checks = []
    missing = sorted(found - set(listed))
    checks.append(("every file with translatable strings is listed", missing,
                   "not in po/POTFILES.in"))
    gone = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    checks.append(("every listed file exists", gone, "listed but missing"))
    dups = sorted({p for p in listed if listed.count(p) > 1})
    checks.append(("no file is listed twice", dups, "listed twice"))
    unsorted = [] if listed == sorted(listed) else ["po/POTFILES.in"]
    checks.append(("the list is sorted", unsorted, "is not sorted (LC_ALL=C sort)"))
    unmarked, uncounted = string_problems(root, source_files(root))
    checks.append(("the strings a user sees are marked for translation", unmarked,
                   "not marked for translation"))
    checks.append(("strings that count use plural forms (ngettext)", uncounted, "singular"))

    print("1..%d" % len(checks))
    failed = 0
    for i, (what, bad, why) in enumerate(checks, 1):
        if bad:
            failed += 1
            print("not ok %d - %s" % (i, what))
            for p in bad:
                print("# %s: %s" % (p, why))
        else:
            print("ok %d - %s" % (i, what))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
