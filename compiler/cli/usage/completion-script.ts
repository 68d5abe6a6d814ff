import { ALLOW_OUTSIDE_FLAG } from "../../files/confine.js";
import { COMMANDS, HELP_FLAG } from "./command-table.js";
import type { CommandSpec, Completion, FlagSpec } from "./spec.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * One lookup, `"<command path>|<what>"` → words, from which each shell's script is written:
 * `subcommands`, `flags`, `valueflags` (flags that take the next word), a flag's values, and
 * `operandN`. `@file` and `@dir` ask the shell for paths. The scripts differ only in how they
 * read the command line and offer the words.
 */
interface Entry {
  readonly key: string;
  /** A case pattern: the key, or `key*` for "every further operand". */
  readonly glob: boolean;
  readonly words: readonly string[];
}

function completionWords(c: Completion): string[] {
  if (c === "file") return ["@file"];
  if (c === "dir") return ["@dir"];
  if (c === "none") return [];
  return [...c];
}

function flagWords(f: FlagSpec): string[] {
  return [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])];
}

function entries(): Entry[] {
  const all: Entry[] = [{ key: "|subcommands", glob: false, words: [...COMMANDS.map((c) => c.path[0]!), "--help", "--version"] }];
  const visit = (spec: CommandSpec) => {
    const path = spec.path.join(" ");
    const flags = [...spec.flags, ...(spec.readsProject ? [{ long: ALLOW_OUTSIDE_FLAG.slice(2), help: "" }] : []), HELP_FLAG];
    all.push({ key: `${path}|flags`, glob: false, words: flags.flatMap(flagWords) });
    const valued = flags.filter((f) => f.value !== undefined);
    if (valued.length) all.push({ key: `${path}|valueflags`, glob: false, words: valued.flatMap(flagWords) });
    for (const f of valued) for (const w of flagWords(f)) all.push({ key: `${path}|${w}`, glob: false, words: completionWords(f.complete ?? "none") });
    if (spec.subcommands) {
      all.push({ key: `${path}|subcommands`, glob: false, words: spec.subcommands.map((s) => s.path.at(-1)!) });
      spec.subcommands.forEach(visit);
      return;
    }
    // `labc help CMD SUB`: the commands, then the subcommands of any group.
    const operands = spec.path[0] === "help" ? [COMMANDS.map((c) => c.path[0]!), COMMANDS.flatMap((c) => c.subcommands?.map((s) => s.path.at(-1)!) ?? [])] : (spec.operandCompletion ?? []);
    const shown = Math.min(spec.maxOperands, operands.length);
    for (let i = 0; i < shown; i++) {
      const last = i === operands.length - 1 && spec.maxOperands > operands.length;
      all.push({ key: `${path}|operand${i + 1}`, glob: last, words: completionWords(operands[i]!) });
    }
  };
  COMMANDS.forEach(visit);
  return all.filter((e) => e.words.length > 0);
}

/** The shared lookup as a POSIX `case`, which bash and zsh both run. */
function shCaseFunction(): string {
  const arms = entries().map((e) => `    "${e.key}"${e.glob ? "*" : ""}) echo "${e.words.join(" ")}" ;;`);
  return `_labc_words() {\n  case "$1|$2" in\n${arms.join("\n")}\n  esac\n}`;
}

/** Walks the words before the cursor: the command path, whether a flag wants a value, how many operands came. */
const shWalk = (first: string, end: string, word: (i: string) => string) => `  local cmdpath="" w i skip=0 operands=0 list
  for ((i = ${first}; i < ${end}; i++)); do
    w="${word("i")}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      --*=*) continue ;;
      -*) [[ " $(_labc_words "$cmdpath" valueflags) " == *" $w "* ]] && skip=1; continue ;;
    esac
    if ((operands == 0)) && [[ " $(_labc_words "$cmdpath" subcommands) " == *" $w "* ]]; then
      cmdpath="\${cmdpath:+$cmdpath }$w"
    else
      operands=$((operands + 1))
    fi
  done
  if ((skip)); then
    list="$(_labc_words "$cmdpath" "${word(`${end}-1`)}")"
  elif [[ "$cur" == -* ]]; then
    list="$(_labc_words "$cmdpath" flags)"
  elif ((operands == 0)) && [[ -n "$(_labc_words "$cmdpath" subcommands)" ]]; then
    list="$(_labc_words "$cmdpath" subcommands)"
  else
    list="$(_labc_words "$cmdpath" "operand$((operands + 1))")"
  fi`;

function bash(): string {
  return `# bash completion for labc, written by \`labc completion bash\` from labc's command table.
# Load it with: source <(labc completion bash)
${shCaseFunction()}

_labc() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
${shWalk("1", "COMP_CWORD", (i) => `\${COMP_WORDS[${i}]}`)}
  case "$list" in
    @file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    @dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "$list" -- "$cur")) ;;
  esac
}

complete -F _labc labc
`;
}

function zsh(): string {
  return `#compdef labc
# zsh completion for labc, written by \`labc completion zsh\` from labc's command table.
# Load it with: source <(labc completion zsh)   (after compinit)
${shCaseFunction()}

_labc() {
  local cur="\${words[CURRENT]}"
${shWalk("2", "CURRENT", (i) => `\${words[${i}]}`)}
  case "$list" in
    @file) _files ;;
    @dir) _files -/ ;;
    *) compadd -- \${=list} ;;
  esac
}

if [[ "\${funcstack[1]}" == "_labc" ]]; then
  _labc "$@"
else
  compdef _labc labc
fi
`;
}

function fish(): string {
  const arms = entries().map((e) => `        case '${e.key}${e.glob ? "*" : ""}'\n            printf '%s\\n' ${e.words.map((w) => `'${w}'`).join(" ")}`);
  return `# fish completion for labc, written by \`labc completion fish\` from labc's command table.
# Install it with: labc completion fish > ~/.config/fish/completions/labc.fish
function __labc_words
    switch "$argv[1]|$argv[2]"
${arms.join("\n")}
    end
end

function __labc_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cur (commandline -ct)
    set -l cmdpath ''
    set -l skip 0
    set -l operands 0
    set -l last ''
    for w in $tokens
        set last $w
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case '--*=*'
                continue
            case '-*'
                if contains -- $w (__labc_words "$cmdpath" valueflags)
                    set skip 1
                end
                continue
        end
        if test $operands = 0; and contains -- $w (__labc_words "$cmdpath" subcommands)
            set cmdpath (string trim -- "$cmdpath $w")
        else
            set operands (math $operands + 1)
        end
    end
    set -l list
    set -l subs (__labc_words "$cmdpath" subcommands)
    if test $skip = 1
        set list (__labc_words "$cmdpath" $last)
    else if string match -q -- '-*' $cur
        set list (__labc_words "$cmdpath" flags)
    else if test $operands = 0; and test (count $subs) -gt 0
        set list $subs
    else
        set list (__labc_words "$cmdpath" operand(math $operands + 1))
    end
    switch "$list"
        case '@file'
            __fish_complete_path $cur
        case '@dir'
            __fish_complete_directories $cur
        case '*'
            printf '%s\\n' $list
    end
end

complete -c labc -f -a '(__labc_complete)'
`;
}

export function completionScript(shell: Shell): string {
  return shell === "bash" ? bash() : shell === "zsh" ? zsh() : fish();
}
