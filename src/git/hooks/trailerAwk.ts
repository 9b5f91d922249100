/**
 * The awk program the commit hook runs: decides whether this commit gets trailers, finds the
 * prepared trailers for the tree, and writes them into the message file without changing any
 * other byte. One process, no Node. It is a port of git 2.39's trailer-block rules
 * (trailer.c find_trailer_start, commit.c ignore_non_trailer, wt-status.c wt_status_locate_end)
 * so that the block it writes is the one `git interpret-trailers --parse` and
 * `%(trailers)` read back; the tests check it against git itself.
 *
 * Input comes through the environment (awk -v would interpret backslashes in paths):
 * AIP_MODE (pcm: prepare-commit-msg without an editor; cm: commit-msg), AIP_MSG (the message
 * file), AIP_SRC and AIP_SHA (prepare-commit-msg's 2nd and 3rd arguments), AIP_GD (git dir),
 * AIP_CD (common dir), AIP_TREE, AIP_PREP (prepared file), AIP_FRESH (1 when that file is newer
 * than the ledgers), AIP_FALLBACK (1: write `AI-Origin: unknown` rather than ask for the slow
 * path), AIP_PID (the hook's parent process).
 *
 * Exit codes: 0 done (written, or deliberately left alone); 3 / 4 / 5: the `normal` / `amend` /
 * `squash` trailers are not prepared (run the CLI, then again with AIP_FALLBACK=1).
 *
 * It must not contain a single quote: the hook embeds it in a single-quoted sh string.
 */
export const TRAILER_AWK = String.raw`
function isws(c) { return c == " " || c == "\t" || c == "\r" || c == "\f" || c == VT || c == "\n" }
function is_blank(s,   i, n) { n = length(s); for (i = 1; i <= n; i++) if (!isws(substr(s, i, 1))) return 0; return 1 }
function is_comment(s) { return cc != "" && index(s, cc) == 1 }
function find_sep(s,   i, n, c, ws) {
  n = length(s); ws = 0
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == ":") return i - 1
    if (!ws && c ~ /^[A-Za-z0-9-]$/) continue
    if (i > 1 && (c == " " || c == "\t")) { ws = 1; continue }
    break
  }
  return -1
}
function readable(f,   line, r) { r = (getline line < f); close(f); return r >= 0 }
function read_first(f,   line, r) { r = (getline line < f); close(f); return r > 0 ? line : "" }
function basename(p) { sub(/.*\//, "", p); return p }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }

# --- which process runs this commit ---------------------------------------------------------
function proc_args(p, args,   f, n, line, saved) {
  n = 0
  f = "/proc/" p "/cmdline"
  saved = RS; RS = "\0"
  while ((getline line < f) > 0) args[++n] = line
  close(f); RS = saved
  return n
}
function proc_parent(p,   f, line, rest, parts) {
  f = "/proc/" p "/stat"
  if ((getline line < f) <= 0) { close(f); return "" }
  close(f)
  rest = line; sub(/^.*\) /, "", rest)
  split(rest, parts, " ")
  return parts[2]
}
function proc_comm(p,   c) { c = read_first("/proc/" p "/comm"); return c }
function ps_line(p, field,   cmd, line) {
  cmd = "ps -o " field "= -p " p " 2>/dev/null"
  line = ""; cmd | getline line; close(cmd)
  return line
}
# Finds the nearest git process above the hook and fills G[] with its arguments (their count).
function find_git(   p, hops, n, c, line, k, a) {
  p = pid
  have_proc = readable("/proc/" p "/stat")
  for (hops = 0; hops < 8 && p != "" && p > 1; hops++) {
    if (have_proc) {
      c = proc_comm(p)
      if (c == "git" || c == "git.exe") { n = proc_args(p, a); for (k = 1; k <= n; k++) G[k] = a[k]; return n }
      p = proc_parent(p)
    } else {
      c = basename(trim(ps_line(p, "comm")))
      if (c == "git" || c == "git.exe") {
        line = trim(ps_line(p, "args")); n = split(line, a, /[ \t]+/)
        for (k = 1; k <= n; k++) G[k] = a[k]
        return n
      }
      p = trim(ps_line(p, "ppid"))
    }
  }
  return 0
}
# The git subcommand and, for commit, whether it amends and its -t template.
function read_invocation(n,   i, a, sub_i, name, rest, j, ch, more) {
  subcmd = ""; amend = 0; tmpl = ""; cleanup = ""
  for (i = 2; i <= n; i++) {
    a = G[i]
    if (a == "-c" || a == "-C" || a == "--git-dir" || a == "--work-tree" || a == "--namespace" || a == "--config-env" || a == "--super-prefix") { i++; continue }
    if (substr(a, 1, 1) == "-") continue
    subcmd = a; sub_i = i; break
  }
  if (subcmd != "commit") return
  for (i = sub_i + 1; i <= n; i++) {
    a = G[i]
    if (a == "--") break
    if (substr(a, 1, 2) == "--") {
      name = a; rest = ""; more = 0
      if (index(a, "=") > 0) { name = substr(a, 1, index(a, "=") - 1); rest = substr(a, index(a, "=") + 1); more = 1 }
      if (length(name) >= 4 && index("--amend", name) == 1) { amend = 1; continue }
      if (length(name) >= 6 && index("--no-amend", name) == 1) { amend = 0; continue }
      if (length(name) >= 4 && index("--template", name) == 1) { if (more) tmpl = rest; else tmpl = G[++i]; continue }
      if (length(name) >= 4 && index("--cleanup", name) == 1) { if (more) cleanup = rest; else cleanup = G[++i]; continue }
      if (!more && long_takes_value(name)) i++
      continue
    }
    if (substr(a, 1, 1) == "-" && length(a) > 1) {
      for (j = 2; j <= length(a); j++) {
        ch = substr(a, j, 1)
        if (ch == "S" || ch == "u") break
        if (index("mFcCt", ch) > 0) {
          rest = substr(a, j + 1)
          if (rest == "") rest = G[++i]
          if (ch == "t") tmpl = rest
          break
        }
      }
    }
  }
}
function long_takes_value(name,   k, opts, m) {
  m = split("--message --file --author --date --reedit-message --reuse-message --fixup --squash --cleanup --trailer --pathspec-from-file", opts, " ")
  for (k = 1; k <= m; k++) if (length(name) >= 4 && index(opts[k], name) == 1) return 1
  return 0
}

# --- repository state read from files (no git process) ---------------------------------------
function resolve_ref(ref,   f, line, parts) {
  line = read_first(cd "/" ref)
  if (line ~ /^[0-9a-f]+$/) return line
  if (line ~ /^ref: /) return ""
  f = cd "/packed-refs"
  while ((getline line < f) > 0) {
    if (substr(line, 1, 1) == "#" || substr(line, 1, 1) == "^") continue
    split(line, parts, " ")
    if (parts[2] == ref) { close(f); return parts[1] }
  }
  close(f)
  return "none"
}
function read_head(   line) {
  line = read_first(gd "/HEAD")
  if (line ~ /^[0-9a-f]+$/) return line
  if (line !~ /^ref: /) return ""
  if (readable(cd "/reftable/tables.list")) return ""
  return resolve_ref(substr(line, 6))
}

# --- git config, only when needed ------------------------------------------------------------
function read_config(   cmd, line, key, val, sp) {
  if (config_read) return
  config_read = 1
  cmd = "git config --get-regexp \047^(core\\.commentchar|core\\.commentstring|commit\\.template|commit\\.cleanup)$\047 2>/dev/null"
  while ((cmd | getline line) > 0) {
    sp = index(line, " ")
    if (sp == 0) { key = line; val = "" } else { key = substr(line, 1, sp - 1); val = substr(line, sp + 1) }
    if (key == "core.commentchar" || key == "core.commentstring") cfg_cc = val
    else if (key == "commit.template") cfg_tmpl = val
    else if (key == "commit.cleanup") cfg_cleanup = val
  }
  close(cmd)
}
function pick_cc(   k, cands, c, i, used) {
  if (cfg_cc == "") return "#"
  if (cfg_cc != "auto") return cfg_cc
  # auto: git chose a character no line started with; its own help text shows which.
  for (i = 1; i <= n; i++) if (L[i] ~ /^. Please enter the commit message/ || L[i] ~ /^. -+ >8 -+$/) return substr(L[i], 1, 1)
  cands = "#;@!$%^&|:"
  for (k = 1; k <= length(cands); k++) {
    c = substr(cands, k, 1); used = 0
    for (i = 1; i <= n; i++) if (substr(L[i], 1, 1) == c) { used = 1; break }
    if (!used) return c
  }
  return "#"
}

# --- git message rules -----------------------------------------------------------------------
# First line index of the scissors line (0 when none).
function scissors(   i, cut) {
  cut = cc " ------------------------ >8 ------------------------"
  for (i = 1; i <= n; i++) if (L[i] == cut) return i
  return 0
}
# commit.c ignore_non_trailer: line index where the ignored tail (comments, blank lines, an old
# "Conflicts:" block, the scissors part) starts; n + 1 when there is none.
function trailer_end(   cutoff, boc, inconf, i, s) {
  cutoff = scissors(); if (cutoff == 0) cutoff = n + 1
  boc = 0; inconf = 0
  for (i = 1; i < cutoff; i++) {
    s = L[i]
    if (is_comment(s) || s == "") { if (!boc && i > 1) boc = i }
    else if (s == "Conflicts:") { inconf = 1; if (!boc && i > 1) boc = i }
    else if (inconf && substr(s, 1, 1) == "\t") { }
    else if (boc) { boc = 0; inconf = 0 }
  }
  return boc ? boc : cutoff
}
# trailer.c find_trailer_start over lines 1..e-1; returns e when there is no trailer block.
function trailer_start(e,   s, title, i, only_spaces, recognized, tl, ntl, pc, line) {
  for (s = 1; s < e; s++) { if (is_comment(L[s])) continue; if (is_blank(L[s])) break }
  title = s
  only_spaces = 1; recognized = 0; tl = 0; ntl = 0; pc = 0
  for (i = e - 1; i >= title; i--) {
    line = L[i]
    if (is_comment(line)) { ntl += pc; pc = 0; continue }
    if (is_blank(line)) {
      if (only_spaces) continue
      ntl += pc
      if (recognized && tl * 3 >= ntl) return i + 1
      if (tl && !ntl) return i + 1
      return e
    }
    only_spaces = 0
    if (index(line, "Signed-off-by: ") == 1 || index(line, "(cherry picked from commit ") == 1) { tl++; pc = 0; recognized = 1; continue }
    if (find_sep(line) >= 1 && !isws(substr(line, 1, 1))) { tl++; pc = 0 }
    else if (isws(substr(line, 1, 1))) pc++
    else { ntl++; ntl += pc; pc = 0 }
  }
  return e
}
function is_ours(line,   p, key) {
  p = find_sep(line)
  if (p < 1 || isws(substr(line, 1, 1))) return 0
  key = tolower(substr(line, 1, p)); sub(/[ \t]+$/, "", key)
  return key == "ai-origin" || key == "ai-lines" || key == "ai-tools" || key == "blast-radius" || key == "assisted-by"
}
# Lines a person wrote (rest_is_empty in commit.c, after cleanup): not blank, not a comment, not a
# Signed-off-by line, above the scissors.
function has_content(from,   i, cut) {
  cut = scissors(); if (cut == 0) cut = n + 1
  for (i = from; i < cut; i++) {
    if (is_comment(L[i]) || is_blank(L[i]) || index(L[i], "Signed-off-by: ") == 1) continue
    return 1
  }
  return 0
}
function has_text(   i, cut) {
  cut = scissors(); if (cut == 0) cut = n + 1
  for (i = 1; i < cut; i++) if (!is_blank(L[i]) && index(L[i], "Signed-off-by: ") != 1) return 1
  return 0
}
# strbuf_stripspace(with comments) of a line array into OUT; returns its line count.
function stripspace(A, na, OUT,   i, k, s, blank) {
  k = 0; blank = 0
  for (i = 1; i <= na; i++) {
    s = A[i]
    if (is_comment(s)) continue
    sub(TRAILWS, "", s)
    if (s == "") { if (k > 0) blank = 1; continue }
    if (blank) { OUT[++k] = ""; blank = 0 }
    OUT[++k] = s
  }
  return k
}
# commit.c template_untouched: the message, cleaned, is the cleaned template plus nothing a
# person wrote.
function template_untouched(path,   T, nt, CT, nct, M, nm, CM, ncm, line, i, cut) {
  if (path == "") return 0
  if (substr(path, 1, 2) == "~/") path = ENVIRON["HOME"] substr(path, 2)
  nt = 0
  while ((getline line < path) > 0) T[++nt] = line
  close(path)
  if (nt == 0) return 0
  nct = stripspace(T, nt, CT)
  cut = scissors(); if (cut == 0) cut = n + 1
  nm = 0
  for (i = 1; i < cut; i++) M[++nm] = L[i]
  ncm = stripspace(M, nm, CM)
  if (ncm < nct) return 0
  for (i = 1; i <= nct; i++) if (CM[i] != CT[i]) return 0
  for (i = nct + 1; i <= ncm; i++) if (!is_blank(CM[i]) && index(CM[i], "Signed-off-by: ") != 1) return 0
  return 1
}

# --- prepared trailers -----------------------------------------------------------------------
function load_prepared(kind, head,   f, line, r, ok, in_variant, parts) {
  nt_lines = 0
  if (!fresh || prep == "") return 0
  f = prep
  r = (getline line < f)
  if (r <= 0 || line != "ai-provenance-prepared 1") { close(f); return 0 }
  ok = 0; in_variant = 0
  while ((getline line < f) > 0) {
    if (line == "tree " tree) { ok++; continue }
    if (line == "head " head || (head == "*" && line ~ /^head /)) { ok++; continue }
    if (line ~ /^variant /) { split(line, parts, " "); in_variant = (parts[2] == kind); continue }
    if (line == "end") break
    if (in_variant) {
      if (line !~ /^(AI-Origin|AI-Lines|AI-Tools|Blast-Radius|Assisted-by): [ -~]+$/ || length(line) > 600) { close(f); nt_lines = 0; return 0 }
      NEW[++nt_lines] = line
    }
  }
  close(f)
  if (ok != 2 || nt_lines == 0 || NEW[1] !~ /^AI-Origin: /) { nt_lines = 0; return 0 }
  return 1
}

BEGIN {
  mode = ENVIRON["AIP_MODE"]; msg = ENVIRON["AIP_MSG"]; src = ENVIRON["AIP_SRC"]; sha = ENVIRON["AIP_SHA"]
  gd = ENVIRON["AIP_GD"]; cd = ENVIRON["AIP_CD"]; tree = ENVIRON["AIP_TREE"]; prep = ENVIRON["AIP_PREP"]
  fresh = ENVIRON["AIP_FRESH"] == "1"; fallback = ENVIRON["AIP_FALLBACK"] == "1"; pid = ENVIRON["AIP_PID"]
  VT = sprintf("%c", 11); TRAILWS = "[ \t\r\f" VT "]+$"
  RS = "\001"; data = ""; records = 0
  while ((getline rec < msg) > 0) { records++; data = data rec }
  close(msg)
  RS = "\n"
  if (records != 1) exit 0
  n = split(data, L, "\n")
  if (n > 0 && L[n] == "" && substr(data, length(data), 1) == "\n") n--
  if (n == 0) exit 0

  # Merges, rebases, cherry-picks and reverts keep the message they already have.
  if (readable(gd "/MERGE_HEAD") || readable(gd "/CHERRY_PICK_HEAD") || readable(gd "/REVERT_HEAD")) exit 0
  if (readable(gd "/rebase-merge/head-name") || readable(gd "/rebase-apply/next") || readable(gd "/sequencer/todo")) exit 0
  ng = find_git()
  known = ng > 0
  if (known) {
    read_invocation(ng)
    if (subcmd ~ /^(merge|rebase|cherry-pick|revert|am|pull|stash)$/) exit 0
  } else {
    amend = (src == "commit" && sha == "HEAD")
  }

  cfg_cc = ""; cfg_tmpl = ""; cfg_cleanup = ""; cc = "#"
  if (mode == "cm") { read_config(); cc = pick_cc() }
  else {
    for (i = 1; i <= n; i++) if (index(";@!$%^&|:", substr(L[i], 1, 1)) > 0) { read_config(); cc = pick_cc(); break }
  }
  if (!known) for (i = 1; i <= n; i++) if (L[i] ~ /^This reverts commit [0-9a-f]+/) exit 0

  if (!has_content(1)) {
    # Without an editor git keeps comment lines unless told to strip them.
    if (mode == "cm" || !has_text()) exit 0
    read_config()
    how = cleanup != "" ? cleanup : cfg_cleanup
    if (how == "strip" || how == "scissors") exit 0
  }
  if (mode == "cm") {
    if (tmpl != "" && substr(tmpl, 1, 1) != "/" && substr(tmpl, 1, 1) != "~") tmpl = ENVIRON["GIT_PREFIX"] tmpl
    if (template_untouched(tmpl != "" ? tmpl : cfg_tmpl)) exit 0
  }

  head = read_head()
  # merge --squash: the lines come from commits whose notes the CLI reads; never prepared ahead.
  kind = amend ? "amend" : (readable(gd "/SQUASH_MSG") ? "squash" : "normal")
  code = kind == "amend" ? 4 : (kind == "squash" ? 5 : 3)
  if (!(head != "" && load_prepared(kind, head))) {
    if (!fallback) exit code
    if (head == "") load_prepared(kind, "*")
  }
  if (nt_lines == 0) { nt_lines = 1; NEW[1] = "AI-Origin: unknown" }

  e = trailer_end()
  s = trailer_start(e)
  for (i = s; i < e; i++) {
    if (is_ours(L[i])) { drop[i] = 1; for (j = i + 1; j < e && isws(substr(L[j], 1, 1)) && !is_blank(L[j]); j++) drop[j] = 1; i = j - 1 }
  }
  eol = (e > 1 && L[e - 1] ~ /\r$/) ? "\r" : ""
  out = ""
  for (i = 1; i < e; i++) if (!drop[i]) out = out L[i] "\n"
  if (s == e && e > 1 && !is_blank(L[e - 1])) out = out eol "\n"
  for (k = 1; k <= nt_lines; k++) out = out NEW[k] eol "\n"
  for (i = e; i <= n; i++) out = out L[i] "\n"
  printf "%s", out > msg
  close(msg)
  exit 0
}
`;
