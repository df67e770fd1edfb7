#!/bin/sh
# openNDS BinAuth for the Infomat portal: applies the hotspot policy the portal sends.
#
# (openNDS 9.10 passes custom as argument 7 of auth_client; the documentation says 9,
# older versions 8: whichever decodes to a policy is used.)
# The portal (our FAS) appends custom=<base64 of "session_length=S, upload_rate=U,
# download_rate=D, upload_quota=QU, download_quota=QD"> to the gateway's auth URL.
# For auth_client, openNDS reads one line from this script: "S U D QU QD" (seconds,
# kb/s, kB; 0 = the gateway's defaults / no limit) and exit 0 lets the client in.
# Every session end (*_deauth, with its byte counters) is reported to the portal for
# accounting, signed with the faskey; other methods only need exit 0.

conf_value() {
	# openNDS's own helpers read options this way: "name value" lines, lower-case names.
	awk -v name="$1" '$1 == name { print $2; exit }' /etc/opennds/opennds.conf 2>/dev/null
}

report_session_end() {
	# $1 method, $2 mac, $3 bytes in, $4 bytes out, $5 start, $6 end, $7 token.
	gateway=$(conf_value gatewayname)
	faskey=$(conf_value faskey)
	host=$(conf_value fasremotefqdn)
	if [ -n "$host" ]; then
		url="https://$host/portal/accounting"
	else
		url="http://$(conf_value fasremoteip):$(conf_value fasport)/portal/accounting"
	fi
	sig=$(printf '%s|%s|%s|%s|%s|%s|%s|%s%s' "$gateway" "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$faskey" \
		| sha256sum | cut -d' ' -f1)
	# In the background with a short timeout: openNDS waits for this script.
	curl -s -m 10 -o /dev/null \
		--data-urlencode "gateway=$gateway" --data-urlencode "method=$1" \
		--data-urlencode "clientmac=$2" --data-urlencode "bytes_in=$3" \
		--data-urlencode "bytes_out=$4" --data-urlencode "start=$5" --data-urlencode "end=$6" \
		--data-urlencode "token=$7" --data-urlencode "sig=$sig" "$url" </dev/null >/dev/null 2>&1 &
}

case "$1" in
	*_deauth) report_session_end "$1" "$2" "$3" "$4" "$5" "$6" "$7"; exit 0 ;;
	auth_client) ;;
	*) exit 0 ;;
esac

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
