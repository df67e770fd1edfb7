#!/bin/sh
# openNDS BinAuth for the Infomat portal: applies the hotspot policy the portal sends.
#
# (openNDS 9.10 passes custom as argument 7 of auth_client; the documentation says 9,
# older versions 8: whichever decodes to a policy is used.)
# The portal (our FAS) appends custom=<base64 of "session_length=S, upload_rate=U,
# download_rate=D, upload_quota=QU, download_quota=QD"> to the gateway's auth URL.
# For auth_client, openNDS reads one line from this script: "S U D QU QD" (seconds,
# kb/s, kB; 0 = the gateway's defaults / no limit) and exit 0 lets the client in.
# Every other method (deauths, shutdown) only needs exit 0.

[ "$1" = "auth_client" ] || exit 0

policy=""
for argument in "$7" "$8" "$9"; do
	[ -n "$argument" ] || continue
	# openNDS passes it url-escaped: undo %XX, then base64.
	decoded=$(printf '%b' "$(printf '%s' "$argument" | sed 's/+/ /g; s/%\([0-9A-Fa-f][0-9A-Fa-f]\)/\\x\1/g')" \
		| base64 -d 2>/dev/null)
	case "$decoded" in *session_length=*) policy=$decoded; break ;; esac
done

value() {
	printf '%s' "$policy" | tr ',' '\n' | sed -n "s/^ *$1=\([0-9][0-9]*\) *$/\1/p" | head -n 1
}

echo "$(value session_length || echo 0) $(value upload_rate) $(value download_rate) $(value upload_quota) $(value download_quota)" \
	| awk '{ for (i = 1; i <= 5; i++) if ($i == "") $i = 0; print $1, $2, $3, $4, $5 }'
exit 0
