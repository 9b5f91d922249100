import { TRAILER_AWK } from './trailerAwk';

/**
 * The text of the git hooks AI Provenance installs: POSIX sh, generated from these pure
 * functions (unit-tested), with the runtime recorded at install time. docs/hooks.md explains
 * what each hook does and why.
 */
export type HookName = 'prepare-commit-msg' | 'commit-msg' | 'post-commit' | 'post-rewrite';
export const HOOK_NAMES: readonly HookName[] = ['prepare-commit-msg', 'commit-msg', 'post-commit', 'post-rewrite'];

/** First comment line of every script we write: how status and uninstall recognise ours. */
export const HOOK_MARKER = 'ai-provenance-hook';
export const HOOK_SCRIPT_VERSION = 1;
/** Where a hook we replaced is kept, next to ours, until uninstall puts it back. */
export const CHAINED_SUFFIX = '.ai-provenance-chained';

/**
 * How our script runs the hook that was there before:
 * - `none`: nothing to run (a manager calls ours);
 * - `file`: `<hook>.ai-provenance-chained` in the same directory;
 * - `husky`: husky 9's runner `h` next to the stub we replaced, as the stub would.
 */
export type ChainMode = 'none' | 'file' | 'husky';

export interface HookScriptOptions {
  readonly hook: HookName;
  /** Absolute path of the JavaScript runtime (node, or VS Code's Electron run as node). */
  readonly node: string;
  /** Absolute path of the bundled CLI (dist/cli.js). */
  readonly cli: string;
  readonly chain: ChainMode;
  /** Longest the CLI may run when nothing was prepared. Default 20 s. */
  readonly timeoutSeconds?: number;
}

/** A word for sh, single-quoted: nothing inside is expanded. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Reverses shQuote for one assignment value as we write it (`'...'` with `'\''` escapes). */
export function shUnquote(s: string): string | undefined {
  if (!/^'(?:[^']|'\\'')*'$/.test(s)) return undefined;
  return s.slice(1, -1).replace(/'\\''/g, "'");
}

export function isUsablePath(p: string): boolean {
  return p.length > 0 && p.length < 4096 && !/[\0\n\r]/.test(p) && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p));
}

/** The awk program with comments and indentation dropped (it travels as one sh word). */
export function compactAwk(program = TRAILER_AWK): string {
  return program
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .join('\n');
}

const LOCATE = `# The git dir holds the message file; the common dir holds our state (shared by worktrees).
aip_locate() {
  aip_gd=$1
  aip_cd=$aip_gd
  if [ -f "$aip_gd/commondir" ]; then
    IFS= read -r aip_c < "$aip_gd/commondir" || aip_c=
    case $aip_c in /*) aip_cd=$aip_c ;; ?*) aip_cd=$aip_gd/$aip_c ;; esac
  fi
  aip_state=$aip_cd/ai-provenance
  if [ "$aip_gd" = "$aip_cd" ]; then aip_wt=main; else aip_wt=wt-\${aip_gd##*/}; fi
  aip_log=/dev/null
  [ -d "$aip_state" ] && aip_log=$aip_state/git-hook.log
  return 0
}
aip_msgdir() {
  case $1 in */*) aip_locate "\${1%/*}" ;; *) aip_locate . ;; esac
}
aip_node() {
  [ -x "$AIP_NODE" ] && [ -f "$AIP_CLI" ] || return 1
  ELECTRON_RUN_AS_NODE=1 AIP_DEADLINE_MS=\${AIP_TIMEOUT}000 "$AIP_NODE" "$AIP_CLI" "$@"
}`;

const APPLY = `aip_awk() {
  AIP_MODE=$1 AIP_MSG=$2 AIP_SRC=$3 AIP_SHA=$4 AIP_FALLBACK=$5 AIP_GD=$aip_gd AIP_CD=$aip_cd \\
  AIP_TREE=$aip_tree AIP_PREP=$aip_prep AIP_FRESH=$aip_fresh AIP_PID=$PPID LC_ALL=C awk "$AIP_AWK"
}
# Trailers for the tree being committed (GIT_INDEX_FILE already names the right index).
aip_apply() {
  aip_tree=$(git write-tree 2>/dev/null) || return 0
  case $aip_tree in ''|*[!0-9a-f]*) return 0 ;; esac
  aip_prep=$aip_state/prepared/$aip_tree
  aip_fresh=0
  if [ -f "$aip_prep" ]; then
    aip_fresh=1
    # Stale once a ledger it was computed from, or the tracking switch, changed after it.
    if [ -e "$aip_state/tracking-off" ] && ! [ "$aip_prep" -nt "$aip_state/tracking-off" ]; then aip_fresh=0; fi
    while IFS=' ' read -r aip_k aip_v; do
      case $aip_k in
        dep) aip_f=$aip_state/ledger/$aip_wt/$aip_v
          if [ -e "$aip_f" ] && ! [ "$aip_prep" -nt "$aip_f" ]; then aip_fresh=0; break; fi ;;
        variant|end) break ;;
      esac
    done < "$aip_prep"
  fi
  if [ "$1" = pcm ] && [ "$3" = message ] && aip_simple "$2"; then return 0; fi
  aip_awk "$1" "$2" "$3" "$4" 0
  aip_rc=$?
  case $aip_rc in
    3|4|5)
      case $aip_rc in 3) aip_variant=normal ;; 4) aip_variant=amend ;; *) aip_variant=squash ;; esac
      if command -v timeout >/dev/null 2>&1; then
        aip_node_timeout trailers --for-hook "$aip_variant" --tree "$aip_tree" </dev/null >/dev/null 2>>"$aip_log"
      else
        aip_node trailers --for-hook "$aip_variant" --tree "$aip_tree" </dev/null >/dev/null 2>>"$aip_log"
      fi
      aip_fresh=1
      aip_awk "$1" "$2" "$3" "$4" 1 ;;
  esac
  return 0
}
# The common case without starting awk: a plain \`git commit -m/-F\` (no amend, no sequencer)
# whose message has no trailer block, comment, control character or indented line, with
# trailers prepared for this tree and HEAD. Anything else returns 1 and goes to awk, which
# implements git's rules in full (the tests check both give the same bytes).
aip_simple() {
  [ "$aip_fresh" = 1 ] && [ -r "/proc/$PPID/comm" ] || return 1
  IFS= read -r aip_c < "/proc/$PPID/comm" || return 1
  [ "$aip_c" = git ] || return 1
  # The shell drops the NULs between arguments: the words run together, which is enough to
  # rule out --amend and sequencer commands (any doubt goes to awk).
  aip_args=
  while IFS= read -r aip_c || [ -n "$aip_c" ]; do aip_args=$aip_args$aip_c; done < "/proc/$PPID/cmdline"
  case $aip_args in *--am*|*revert*|*rebase*|*cherry*|*merge*) return 1 ;; *commit*) ;; *) return 1 ;; esac
  for aip_f in MERGE_HEAD CHERRY_PICK_HEAD REVERT_HEAD SQUASH_MSG rebase-merge rebase-apply sequencer; do
    [ ! -e "$aip_gd/$aip_f" ] || return 1
  done
  IFS= read -r aip_h < "$aip_gd/HEAD" || return 1
  case $aip_h in
    'ref: '*) aip_f=$aip_cd/\${aip_h#ref: }; [ -f "$aip_f" ] || return 1; IFS= read -r aip_h < "$aip_f" || return 1 ;;
  esac
  case $aip_h in ''|*[!0-9a-f]*) return 1 ;; esac
  aip_new=; aip_n=0; aip_ok=0; aip_in=0
  while IFS= read -r aip_l; do
    aip_n=$((aip_n + 1))
    if [ "$aip_n" = 1 ]; then [ "$aip_l" = 'ai-provenance-prepared 1' ] || return 1; continue; fi
    case $aip_l in
      "tree $aip_tree"|"head $aip_h") aip_ok=$((aip_ok + 1)) ;;
      'variant normal '*) aip_in=1 ;;
      'variant '*) aip_in=0 ;;
      end) break ;;
      *)
        [ "$aip_in" = 1 ] || continue
        case $aip_l in AI-Origin:\\ ?*|AI-Lines:\\ ?*|AI-Tools:\\ ?*|Blast-Radius:\\ ?*|Assisted-by:\\ ?*) ;; *) return 1 ;; esac
        case $aip_l in *[!\\ -~]*) return 1 ;; esac
        aip_new="$aip_new$aip_l
" ;;
    esac
  done < "$aip_prep"
  [ "$aip_ok" = 2 ] || return 1
  case $aip_new in AI-Origin:*) ;; *) return 1 ;; esac
  aip_out=; aip_pending=0; aip_text=0; aip_para=0; aip_trailerish=0
  while IFS= read -r aip_l || [ -n "$aip_l" ]; do
    case $aip_l in
      *[[:cntrl:]]*|[\\#\\;@\\!\\$%^\\&\\|:]*|[\\ \\	]*) return 1 ;;
      '') aip_pending=$((aip_pending + 1)); continue ;;
    esac
    # Blank lines before the subject change what git takes for the title: awk's case.
    if [ "$aip_text" = 0 ] && [ "$aip_pending" -gt 0 ]; then return 1; fi
    if [ "$aip_text" = 1 ] && [ "$aip_pending" -gt 0 ]; then aip_para=$((aip_para + 1)); aip_trailerish=0; fi
    while [ "$aip_pending" -gt 0 ]; do aip_out="$aip_out
"; aip_pending=$((aip_pending - 1)); done
    aip_text=1
    aip_out="$aip_out$aip_l
"
    case $aip_l in '(cherry picked from commit '*) aip_trailerish=1 ;; esac
    aip_k=\${aip_l%%:*}
    if [ "$aip_k" != "$aip_l" ]; then
      while :; do case $aip_k in *' '|*'	') aip_k=\${aip_k%?} ;; *) break ;; esac; done
      case $aip_k in ''|*[!A-Za-z0-9-]*) ;; *) aip_trailerish=1 ;; esac
    fi
  done < "$1"
  [ "$aip_text" = 1 ] || return 1
  # A last paragraph that may be a trailer block (not the subject) is awk's to judge.
  [ "$aip_para" = 0 ] || [ "$aip_trailerish" = 0 ] || return 1
  aip_out="$aip_out
$aip_new"
  while [ "$aip_pending" -gt 0 ]; do aip_out="$aip_out
"; aip_pending=$((aip_pending - 1)); done
  printf '%s' "$aip_out" > "$1"
}
aip_node_timeout() {
  [ -x "$AIP_NODE" ] && [ -f "$AIP_CLI" ] || return 1
  ELECTRON_RUN_AS_NODE=1 AIP_DEADLINE_MS=\${AIP_TIMEOUT}000 timeout "$AIP_TIMEOUT" "$AIP_NODE" "$AIP_CLI" "$@"
}`;

function mainOf(hook: HookName): string {
  switch (hook) {
    case 'prepare-commit-msg':
      return `# Without an editor (-m, -F, stdin, VS Code) the message is final now: add the trailers here.
# With an editor, commit-msg adds them after it closes, so an empty or untouched message still
# aborts the commit. A template without an editor is left to commit-msg for the same reason.
aip_main() {
  [ "\${GIT_EDITOR-}" = ":" ] || return 0
  aip_msgdir "$1"
  case \${2-} in
    message|commit|squash) ;;
    merge) return 0 ;;
    *) printf 'defer\\n' 2>/dev/null > "$aip_gd/ai-provenance-defer"; return 0 ;;
  esac
  [ ! -s "$aip_gd/ai-provenance-defer" ] || : > "$aip_gd/ai-provenance-defer"
  aip_apply pcm "$1" "\${2-}" "\${3-}"
}`;
    case 'commit-msg':
      return `aip_main() {
  aip_msgdir "$1"
  if [ "\${GIT_EDITOR-}" = ":" ]; then
    [ -s "$aip_gd/ai-provenance-defer" ] || return 0
    : > "$aip_gd/ai-provenance-defer"
  fi
  aip_apply cm "$1" "" ""
}`;
    case 'post-commit':
      return `# Queue the commit for its git note and hand the ledger's committed lines over; the work runs
# in the background so the commit returns at once.
aip_main() {
  if [ -n "\${GIT_DIR-}" ]; then aip_locate "$GIT_DIR"
  elif [ -d .git ]; then aip_locate .git
  elif [ -f .git ]; then
    IFS= read -r aip_line < .git || return 0
    aip_line=\${aip_line#gitdir: }
    case $aip_line in /*) aip_locate "$aip_line" ;; *) aip_locate "$PWD/$aip_line" ;; esac
  else return 0; fi
  [ -d "$aip_state" ] || return 0
  IFS= read -r aip_h < "$aip_gd/HEAD" || return 0
  case $aip_h in
    'ref: '*)
      aip_ref=\${aip_h#ref: }
      if [ -f "$aip_cd/$aip_ref" ]; then IFS= read -r aip_h < "$aip_cd/$aip_ref" || return 0
      else aip_h=$(git rev-parse -q --verify HEAD 2>/dev/null) || return 0; fi ;;
  esac
  case $aip_h in ''|*[!0-9a-f]*) return 0 ;; esac
  case $PWD in *'
'*|*'	'*) return 0 ;; esac
  printf '%s\\t%s\\n' "$aip_h" "$PWD" >> "$aip_state/commits.queue" 2>/dev/null || return 0
  if [ -f "$aip_state/flush.pid" ]; then
    IFS= read -r aip_p < "$aip_state/flush.pid" || aip_p=
    case $aip_p in
      ''|*[!0-9]*) ;;
      *)
        # Running already: it reads the queue again before it exits. (A reused pid on Linux is
        # told apart by its command line.)
        if [ -r "/proc/$aip_p/cmdline" ]; then
          IFS= read -r aip_c < "/proc/$aip_p/cmdline" || :
          case $aip_c in *hookflush*) return 0 ;; esac
        elif kill -0 "$aip_p" 2>/dev/null; then return 0; fi ;;
    esac
  fi
  [ -x "$AIP_NODE" ] && [ -f "$AIP_CLI" ] || return 0
  # A simple command, not a function: sh would keep a copy of the hook's stderr open in the
  # background job, and whoever reads git's output (VS Code, a test) would wait for it.
  ELECTRON_RUN_AS_NODE=1 "$AIP_NODE" "$AIP_CLI" hook flush --state "$aip_state" </dev/null >/dev/null 2>>"$aip_log" &
  return 0
}`;
    case 'post-rewrite':
      return `# After a rebase, copy each commit's note to its rewritten commit (amend is handled by post-commit).
aip_main() {
  [ "\${1-}" = rebase ] || return 0
  [ -n "$aip_input" ] && [ -s "$aip_input" ] || return 0
  if [ -n "\${GIT_DIR-}" ]; then aip_locate "$GIT_DIR"; else aip_locate "$(git rev-parse --git-dir 2>/dev/null)"; fi
  [ -d "$aip_state" ] || return 0
  aip_copy=$aip_state/rewritten.$$
  cp "$aip_input" "$aip_copy" 2>/dev/null || return 0
  [ -x "$AIP_NODE" ] && [ -f "$AIP_CLI" ] || return 0
  ELECTRON_RUN_AS_NODE=1 "$AIP_NODE" "$AIP_CLI" hook copy-notes --state "$aip_state" --pairs "$aip_copy" </dev/null >/dev/null 2>>"$aip_log" &
  return 0
}`;
  }
}

/**
 * Which hook runs first: a chained prepare-commit-msg (or post-*) hook runs before ours, so
 * our trailers end the message; a chained commit-msg hook runs after ours, so a message checker
 * (commitlint, Gerrit's Change-Id) sees the final message.
 */
/**
 * Most commits need nothing from one of the two message hooks (prepare-commit-msg does the work
 * without an editor, commit-msg with one): leave before the shell reads the rest of the script.
 */
function quickExit(hook: HookName, chain: ChainMode): string[] {
  if (chain === 'husky') return [];
  const noChain = chain === 'file' ? ` && ! [ -e "$aip_dir/${hook}${CHAINED_SUFFIX}" ]` : '';
  if (hook === 'prepare-commit-msg') return [`if [ "\${GIT_EDITOR-}" != ":" ]${noChain}; then exit 0; fi`];
  if (hook === 'commit-msg') {
    return [`case \${1-} in */*) aip_q=\${1%/*} ;; *) aip_q=. ;; esac`, `if [ "\${GIT_EDITOR-}" = ":" ] && ! [ -s "$aip_q/ai-provenance-defer" ]${noChain}; then exit 0; fi`];
  }
  return [];
}

function oursFirst(hook: HookName): boolean {
  return hook === 'commit-msg';
}

export function renderHookScript(o: HookScriptOptions): string {
  if (!isUsablePath(o.node) || !isUsablePath(o.cli)) throw new Error('hook: runtime and CLI paths must be absolute, without line breaks');
  const timeout = Math.max(1, Math.min(300, Math.round(o.timeoutSeconds ?? 20)));
  const needsAwk = o.hook === 'prepare-commit-msg' || o.hook === 'commit-msg';
  const stdin = o.hook === 'post-rewrite';
  const lines: string[] = [
    '#!/bin/sh',
    `# ${HOOK_MARKER} ${HOOK_SCRIPT_VERSION} ${o.hook} chain=${o.chain}`,
    '# Written by `ai-provenance hook install` (AI Provenance): adds AI-origin trailers and notes to',
    '# commits. Our part never fails a commit; a chained hook keeps its own exit status.',
    '# `ai-provenance hook uninstall` restores what was here before. See docs/hooks.md.',
    `AIP_NODE=${shQuote(o.node)}`,
    `AIP_CLI=${shQuote(o.cli)}`,
    `AIP_TIMEOUT=${timeout}`,
    `aip_hook=${o.hook}`,
    'case $0 in */*) aip_dir=${0%/*} ;; *) aip_dir=. ;; esac',
    ...quickExit(o.hook, o.chain),
    // A manager that runs our hook from its own (husky's runner calling a tracked line that calls
    // us, for one) must not get the trailers twice.
    'case ":${AIP_HOOK_ACTIVE-}:" in',
    '  *":$aip_hook:"*) aip_nested=1 ;;',
    '  *) aip_nested=0; AIP_HOOK_ACTIVE="${AIP_HOOK_ACTIVE-}:$aip_hook"; export AIP_HOOK_ACTIVE ;;',
    'esac',
    // AIP_HOOKS=0 turns our part off for one command (chained hooks still run).
    '[ "${AIP_HOOKS-}" != 0 ] || aip_nested=1',
    LOCATE,
  ];
  if (needsAwk) {
    lines.push(APPLY, `AIP_AWK=${shQuote(compactAwk())}`);
  }
  lines.push(mainOf(o.hook));
  if (stdin) {
    // Both we and a chained hook read the rewritten list from stdin: keep a copy.
    lines.push(
      'aip_input=$(mktemp 2>/dev/null) || aip_input=',
      '[ -z "$aip_input" ] || cat > "$aip_input" 2>/dev/null || aip_input=',
      'aip_stdin() { if [ -n "$aip_input" ]; then "$@" < "$aip_input"; else "$@" < /dev/null; fi; }',
    );
  } else {
    lines.push('aip_stdin() { "$@"; }');
  }
  const chained =
    o.chain === 'file'
      ? [
          `aip_chained="$aip_dir/${o.hook}${CHAINED_SUFFIX}"`,
          'aip_run_chained() { if [ -f "$aip_chained" ] && [ -x "$aip_chained" ]; then aip_stdin "$aip_chained" "$@"; else return 0; fi; }',
        ]
      : o.chain === 'husky'
        ? [
            // Sourced in a subshell, as husky's own stub does, so that its runner sees our $0
            // (it picks the user's hook by that name) and our arguments.
            'aip_run_chained() {',
            '  [ -f "$aip_dir/h" ] || return 0',
            '  if [ -n "${aip_input-}" ]; then ( . "$aip_dir/h" ) < "$aip_input"; else ( . "$aip_dir/h" ); fi',
            '}',
          ]
        : ['aip_run_chained() { return 0; }'];
  lines.push(...chained);
  const ours = 'if [ "$aip_nested" = 0 ]; then aip_main "$@" || :; fi';
  if (oursFirst(o.hook)) {
    lines.push(ours, 'aip_run_chained "$@"', 'aip_status=$?');
  } else {
    lines.push('aip_run_chained "$@"', 'aip_status=$?', `if [ "$aip_status" = 0 ]; then ${ours}; fi`);
  }
  if (stdin) lines.push('[ -z "$aip_input" ] || rm -f "$aip_input"');
  lines.push('exit $aip_status', '');
  return lines.join('\n');
}

export interface HookScriptInfo {
  readonly hook: HookName;
  readonly version: number;
  readonly chain: ChainMode;
  readonly node: string | undefined;
  readonly cli: string | undefined;
}

/** Reads back what renderHookScript recorded, or undefined when the text is not one of ours. */
export function parseHookScript(text: string): HookScriptInfo | undefined {
  const m = new RegExp(`^# ${HOOK_MARKER} (\\d+) (\\S+) chain=(none|file|husky)$`, 'm').exec(text.slice(0, 400));
  if (!m || !(HOOK_NAMES as readonly string[]).includes(m[2]!)) return undefined;
  const value = (name: string): string | undefined => {
    const v = new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1];
    return v === undefined ? undefined : shUnquote(v);
  };
  return { hook: m[2] as HookName, version: Number(m[1]), chain: m[3] as ChainMode, node: value('AIP_NODE'), cli: value('AIP_CLI') };
}
