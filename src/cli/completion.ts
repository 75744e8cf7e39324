// `kanary completion bash|zsh`: a shell completion script made from the command tree itself,
// so it never falls behind. zsh loads the bash one through bashcompinit.

import type { Command } from 'commander';
import type { CommandContext } from './io.js';

const words = (cmd: Command, withOptions: boolean): string[] => [
  ...cmd.commands.filter((c) => c.name() !== 'help').map((c) => c.name()),
  ...(withOptions ? cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)) : []),
];

/** One `case` arm per command path ("get rollout", "get ro", "status"), listing what may follow it. */
function arms(cmd: Command, path: string[], out: string[]): void {
  const here = path.join(' ');
  // The program's own options are the global flags, offered everywhere below.
  out.push(`    "${here}") opts="${words(cmd, path.length > 0).join(' ')}" ;;`);
  for (const sub of cmd.commands) {
    if (sub.name() === 'help') continue;
    for (const name of [sub.name(), ...sub.aliases()]) arms(sub, [...path, name], out);
  }
}

export function bashCompletion(program: Command): string {
  const cases: string[] = [];
  arms(program, [], cases);
  const globals = program.options.flatMap((o) => [o.long, o.short].filter(Boolean)).join(' ');
  return `# kanary bash completion: source <(kanary completion bash)
_kanary() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w i opts
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    case "\${COMP_WORDS[i-1]}" in -n|--namespace|--context|--kubeconfig|-t|--timeout|--timeout-seconds|--in|--to-revision) continue ;; esac
    if [[ -z "$path" ]]; then path="$w"; else path="$path $w"; fi
  done
  while :; do
    case "$path" in
${cases.join('\n')}
      *) if [[ "$path" == *" "* ]]; then path="\${path% *}"; continue; fi; opts="" ;;
    esac
    break
  done
  COMPREPLY=( $(compgen -W "$opts ${globals}" -- "$cur") )
}
complete -F _kanary kanary kubectl-kanary kubectl-argo-rollouts
`;
}

export function zshCompletion(program: Command): string {
  return `#compdef kanary kubectl-kanary kubectl-argo-rollouts
# kanary zsh completion: source <(kanary completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program)}`;
}

export function registerCompletion(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(kanary completion bash)')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') {
        ctx.io.stderr.write(`kanary: no completion for "${shell}": use bash or zsh\n`);
        ctx.setExitCode(2);
        return;
      }
      ctx.io.stdout.write(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
    });
}
