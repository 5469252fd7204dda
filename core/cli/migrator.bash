# bash completion for migrator(1)                        -*- shell-script -*-
#
# Completes global options, commands, each command's options, and revision
# IDs (with head, heads, base and branch labels) for the commands that take
# a target.  The IDs come from `migrator history`, run with the -m/--migrations
# and -c/--config given earlier on the line: it reads only the migration
# files, never a database.  Needs nothing of the bash-completion package.

# _migrator_revs PROG ARGS...: revision IDs, branch labels and LABEL@head
# from PROG ARGS... history, one per line.  A history line reads
#   PARENTS -> ID (head) (label), message
_migrator_revs()
{
	"$@" history 2>/dev/null | awk '
	{
		a = index($0, " -> ")
		if (!a)
			next
		rest = substr($0, a + 4)
		if (!match(rest, /^[A-Za-z0-9_]+/))
			next
		print substr(rest, 1, RLENGTH)
		rest = substr(rest, RLENGTH + 1)
		# the marks and labels before the comma that starts the message
		while (match(rest, /^ \([^)]*\)/)) {
			word = substr(rest, 3, RLENGTH - 3)
			rest = substr(rest, RLENGTH + 1)
			if (word == "head" || word == "branchpoint" ||
			    word == "mergepoint")
				continue
			n = split(word, labels, ", ")
			for (i = 1; i <= n; i++)
				print labels[i] "\n" labels[i] "@head"
		}
	}'
}

_migrator()
{
	local cur prev cmd="" i w conf=migrator.ini
	local -a graph=("${COMP_WORDS[0]}")
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	local global_arg='-d --database -m --migrations -c --config --version-table --plugin-dir --plugin --lock-timeout --connect-timeout --schema-file --ddl-lock-timeout --lock-retries'
	local global_opts="$global_arg -q --quiet -v --verbose -h --help -V --version"
	local commands='upgrade downgrade current heads branches history show stamp revision merge check dump load lint verify init import adopt diff'

	# The command, and -m / -c before it (for the revision list).
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-m | --migrations | -c | --config)
			((i + 1 < COMP_CWORD)) &&
				graph+=("$w" "${COMP_WORDS[i + 1]}")
			case $w in -c | --config) conf=${COMP_WORDS[i + 1]} ;; esac
			((i++))
			;;
		--migrations=* | --config=*)
			graph+=("$w")
			;;
		-d | --database | --version-table | --plugin-dir | --plugin | --lock-timeout | --connect-timeout | --schema-file | --ddl-lock-timeout | --lock-retries)
			((i++))
			;;
		-*) ;;
		*)
			cmd=$w
			break
			;;
		esac
	done

	if [ -z "$cmd" ]; then
		case $prev in
		-m | --migrations | --plugin-dir)
			compopt -o filenames 2>/dev/null || :
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
			return
			;;
		-c | --config | --schema-file)
			compopt -o filenames 2>/dev/null || :
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			return
			;;
		-d | --database)
			mapfile -t COMPREPLY < <(compgen -W 'sqlite:/// postgresql://' -- "$cur")
			compopt -o nospace 2>/dev/null || :
			return
			;;
		--plugin)
			mapfile -t COMPREPLY < <(compgen -W 'lint backup' -- "$cur")
			return
			;;
		--version-table | --lock-timeout | --connect-timeout | --ddl-lock-timeout | --lock-retries)
			COMPREPLY=()
			return
			;;
		esac
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$global_opts" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
		fi
		return
	fi

	local opts='-v --verbose -q --quiet -h --help' revs=0
	case $cmd in
	upgrade) opts+=' --sql --dry-run --strict --verify --format'; revs=1 ;;
	downgrade) opts+=' --sql --dry-run --format'; revs=1 ;;
	current | check) opts+=' --strict --format' ;;
	heads | branches) opts+=' --format' ;;
	history) opts+=' -r --rev-range -i --indicate-current --graph --format' ;;
	show | stamp) revs=1 ;;
	revision) opts+=' -m --message --head --branch-label --depends-on' ;;
	merge) opts+=' -m --message'; revs=1 ;;
	lint) opts+=' --strict --dialect'; revs=1 ;;
	verify) opts+=' --allow-branches --with-data --seed --format'; revs=1 ;;
	dump) opts+=' -o --output --check' ;;
	diff) opts+=' -m --message --to --rename --sql --strict --head --dialects --dialect-url' ;;
	init | load) ;;
	import) opts+=' --from -m --dialects' ;;
	adopt) opts+=' --from --table --dry-run' ;;
	*) COMPREPLY=(); return ;;
	esac
	[ "$cmd" = stamp ] && opts+=' --purge'
	# fleets (issue 18)
	case $cmd in
	upgrade | downgrade | stamp | current | check | verify)
		opts+=' --target --all-targets --targets-file --schemas -j --jobs --fail-fast --canary'
		;;
	esac

	case $prev in
	--format)
		if [ "$cmd" = history ]; then
			mapfile -t COMPREPLY < <(compgen -W 'json text dot mermaid' -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W 'json text' -- "$cur")
		fi
		return
		;;
	--dialect)
		mapfile -t COMPREPLY < <(compgen -W 'sqlite postgresql' -- "$cur")
		return
		;;
	--from)
		mapfile -t COMPREPLY < <(compgen -W \
			'dbmate golang-migrate flyway sqitch alembic' -- "$cur")
		return
		;;
	--dialects)
		mapfile -t COMPREPLY < <(compgen -W 'sqlite postgresql sqlite,postgresql' -- "$cur")
		return
		;;
	--dialect-url)
		# diff --dialect-url DIALECT=URL: the server of that dialect
		compopt -o nospace 2>/dev/null || :
		mapfile -t COMPREPLY < <(compgen -W 'postgresql=postgresql:// sqlite=sqlite:///' -- "$cur")
		return
		;;
	--head | --depends-on | -r | --rev-range)
		mapfile -t COMPREPLY < <(compgen -W \
			"$(_migrator_revs "${graph[@]}") head base" -- "$cur")
		return
		;;
	-m | --message | --branch-label | --seed | --table | --schemas | -j | --jobs | --canary | --rename)
		COMPREPLY=()
		if [ "$cmd" = import ] && [ "$prev" = -m ]; then
			# after import, -m is the migrations directory
			compopt -o filenames 2>/dev/null || :
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		fi
		return
		;;
	--target)
		# the [target NAME] sections of the config file
		mapfile -t COMPREPLY < <(compgen -W "$(sed -n \
			's/^[[:space:]]*\[[[:space:]]*target[[:space:]][[:space:]]*\([^][:space:]]*\)[[:space:]]*\].*/\1/p' \
			"$conf" 2>/dev/null)" -- "$cur")
		return
		;;
	--targets-file)
		compopt -o filenames 2>/dev/null || :
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--to)
		# diff --to SOURCE: a database URL or a .sql file
		compopt -o filenames 2>/dev/null || :
		mapfile -t COMPREPLY < <(compgen -f -X '!*.sql' -- "$cur" || :
			compgen -d -- "$cur" || :
			compgen -W 'sqlite:/// postgresql://' -- "$cur" || :)
		return
		;;
	-o | --output)
		compopt -o filenames 2>/dev/null || :
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	elif [ "$cmd" = init ]; then
		compopt -o filenames 2>/dev/null || :
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
	elif [ "$cmd" = import ]; then
		# SRC: the other tool's directory (alembic: alembic.ini too)
		compopt -o filenames 2>/dev/null || :
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	elif [ "$cmd" = load ] || [ "$cmd" = dump ]; then
		# load FILE, dump --check FILE: a schema file
		compopt -o filenames 2>/dev/null || :
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	elif ((revs)); then
		mapfile -t COMPREPLY < <(compgen -W \
			"$(_migrator_revs "${graph[@]}") head heads base" -- "$cur")
	else
		COMPREPLY=()
	fi
}
complete -F _migrator migrator
