/*
 * reply_rules.c - the markers of quoted history, as data.  Each table row
 * is a language or a client and a PCRE2 fragment; the rows of one kind are
 * joined into a single pattern at first use, every alternative tagged with
 * (*MARK:name) so that a match also tells which row cut the text (shown by
 * `altc inspect`).  Lines are matched as written (UTF-8, caseless), so
 * Cyrillic and CJK markers need no folding.  Adding a language is adding
 * rows here; reply_quote.c decides what a match means.
 */
#include "compat.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "reply_rules.h"
#include "strbuf.h"
#include "util.h"

struct row {
	const char *name;
	const char *re;
};

/* the verb that ends an attribution line ("On ... wrote:"), per language */
static const struct row wrote_verbs[] = {
	{ "en", "wrote|writes|sent|said" },
	{ "fr", "a [ée]crit|[ée]crit|a [ée]crit le suivant" },
	{ "de", "schrieb|hat geschrieben|geschrieben" },
	{ "nl", "schreef|heeft geschreven|het volgende geschreven" },
	{ "es", "escribi[óo]|ha escrito" },
	{ "it", "ha scritto|scrisse" },
	{ "pt", "escreveu" },
	{ "sv/da/no", "skrev|skrev f[øo]lgende|skriver" },
	{ "pl", "napisa[łl]\\(a\\)|napisa[łl]a?|pisze" },
	{ "ru", "написал\\(-?а\\)|написала?|пишет" },
	{ "uk", "пише|написав\\(ла\\)|написала?|написав" },
	{ "vi", "đã viết|viết" },
	{ "tr", "yazd[ıi]|şunu yazd[ıi]" },
	{ "cs/sk", "napsal\\(a\\)|napsala?|nap[íi]sal\\(a\\)|nap[íi]sala?" },
	{ "fi", "kirjoitti" },
	{ "hu", "[íi]rta|ezt [íi]rta \\([^()]{3,80}\\)" },
	{ "ro", "a scris|a scris (în|pe|la) [^:]{3,80}" },
	{ "el", "έγραψε" },
	{ "ca", "va escriure" },
	{ "id", "menulis" },
	{ "ja", "書きました|のメッセージ|のメール" },
	{ "zh", "写道|寫道" },
	{ "ko", "작성|님이 작성|작성함" },
	{ "he", "כתב\\(ה\\)|כתב|כתבה" },
	{ "ar", "كتب" },
};

/* verbs written before the author's name: "Am ... schrieb Name <a@b>:" */
static const struct row wrote_verbs_first[] = {
	{ "de", "schrieb" }, { "nl", "schreef" }, { "sv/da/no", "skrev" },
	{ "fi", "kirjoitti" }, { "pl", "napisa[łl]\\(a\\)|napisa[łl]a?" }, { "cs/sk", "napsal\\(a\\)|napsala?|odes[íi]latel" },
	{ "en", "wrote on|wrote at" }, { "fr", "a [ée]crit le" }, { "es", "escribi[óo] el" },
	{ "it", "ha scritto il" }, { "pt", "escreveu em|escreveu no dia" },
};

/* a verb that opens the attribution: "Quoting Name <a@b>:" (Horde, webmails) */
static const struct row quoting[] = {
	{ "en", "quoting" }, { "de", "zitat von" }, { "fr", "citation de|citant" }, { "es/pt", "citando" },
	{ "pl", "cytuj[ęe]|cytat od" }, { "sv", "citerar" }, { "nl", "citeer" },
};

/* the words an attribution starts with, when it does not start with a date */
static const struct row wrote_openers[] = {
	{ "en", "on" }, { "fr", "le" }, { "de", "am" }, { "es", "el" }, { "it", "il" },
	{ "nl", "op" }, { "pt", "em|no dia" }, { "sv/da/no", "den|d\\." }, { "pl", "w dniu|dnia" },
	{ "cs/sk", "dne" }, { "ru/uk", "в|у|дата" }, { "vi", "vào|ngày" }, { "zh", "在|于" },
	{ "ro", "pe|în" }, { "fi", "\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}" }, { "ca", "el dia" },
};

/* a line that starts with a date and ends with the author's address: "2011/4/7 Name <a@b>" */
static const char date_first[] =
    "^[\\[(]?\\d{1,4}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,4}日?\\b.{0,200}"
    "(?:(?:<[^<>\\s]+@[^<>\\s]+>|\\S+@\\S+\\.\\w+)\\s*[:：]?|\\)\\s*[^<>]{1,60}\\s*[:：])\\s*$";

/* "... Name <a@b>:" with a date or time somewhere before: an attribution in any language */
static const char addr_colon[] =
    "^(?=.*\\d).{4,300}[<\\[(](?:mailto:)?[^<>\\s]+@[^<>\\s]+[>\\])]\\s*[:：]\\s*$";

/* Outlook header labels by field, per language */
static const struct row from_labels[] = {
	{ "en", "from" }, { "fr", "de|exp[ée]diteur|de la part de" }, { "de", "von|absender" },
	{ "nl", "van|afzender" }, { "es/pt/it", "de|da|remitente|remetente|mittente" },
	{ "sv/da/no", "fr[åa]n|fra|avs[äa]ndare|avsender" }, { "pl", "od|nadawca" },
	{ "cs/sk", "od" }, { "ru/uk", "от|от кого|від|відправник" }, { "fi", "l[äa]hett[äa]j[äa]" },
	{ "hu", "felad[óo]" }, { "tr", "kimden|g[öo]nderen" }, { "vi", "từ|người gửi" },
	{ "ja", "差出人|送信者" }, { "zh", "发件人|發件人|寄件者|寄件人" }, { "ko", "보낸 사람" },
	{ "ro", "de la" }, { "el", "από" }, { "is", "frá" }, { "id", "dari" }, { "he", "מאת" },
	{ "ar", "من" },
};

static const struct row sent_labels[] = {
	{ "en", "sent|date|sent at" }, { "fr", "envoy[ée]|envoy[ée] le|date" },
	{ "de", "gesendet|datum|gesendet am" }, { "nl", "verzonden|datum|verstuurd" },
	{ "es/pt/it", "enviado|enviada|enviado el|enviad[oa] em|fecha|data|inviato|inviato il|date" },
	{ "sv/da/no", "skickat|sendt|skickades|datum|dato" }, { "pl", "wys[łl]ano|data|wys[łl]any" },
	{ "cs/sk", "odesl[áa]no|odoslan[ée]|datum|d[áa]tum" }, { "ru/uk", "отправлено|дата|надіслано|відправлено" },
	{ "fi", "l[äa]hetetty|p[äa]iv[äa]m[äa][äa]r[äa]" }, { "hu", "elk[üu]ldve|d[áa]tum|k[üu]ldve" },
	{ "tr", "g[öo]nderildi|tarih|g[öo]nderilme tarihi" }, { "vi", "đã gửi|ngày|gửi" },
	{ "ja", "送信日時|日付|送信日" }, { "zh", "发送时间|發送時間|寄件日期|日期|时间|時間" },
	{ "ko", "보낸 날짜|날짜" }, { "ro", "trimis|data" }, { "el", "ημερομηνία|στάλθηκε" },
	{ "id", "dikirim|tanggal" }, { "he", "נשלח|תאריך" }, { "ar", "تاريخ الإرسال|أرسلت|التاريخ" },
};

static const struct row to_labels[] = {
	{ "en", "to|cc" }, { "fr", "[àa]|cc|destinataire|pour" }, { "de", "an|cc|kopie" },
	{ "nl", "aan|cc" }, { "es/pt/it", "para|a|cc" }, { "sv/da/no", "till|til|kopia|kopi" },
	{ "pl", "do|dw" }, { "cs/sk", "komu|kopie" }, { "ru/uk", "кому|копия|копія" },
	{ "fi", "vastaanottaja|kopio" }, { "hu", "c[íi]mzett|m[áa]solat" }, { "tr", "kime|al[ıi]c[ıi]|bilgi" },
	{ "vi", "đến|tới|người nhận" }, { "ja", "宛先|cc" }, { "zh", "收件人|收件者|抄送|副本" },
	{ "ko", "받는 사람|참조" }, { "ro", "c[ăa]tre|pentru" }, { "el", "προς|κοιν" },
	{ "id", "kepada" }, { "he", "אל" }, { "ar", "إلى" },
};

static const struct row subject_labels[] = {
	{ "en", "subject" }, { "fr", "objet|sujet" }, { "de", "betreff" }, { "nl", "onderwerp" },
	{ "es/pt/it", "asunto|assunto|oggetto" }, { "sv/da/no", "[äa]mne|emne" },
	{ "pl", "temat" }, { "cs/sk", "p[řr]edm[ěe]t" }, { "ru/uk", "тема" }, { "fi", "aihe" },
	{ "hu", "t[áa]rgy" }, { "tr", "konu" }, { "vi", "chủ đề|tiêu đề" }, { "ja", "件名" },
	{ "zh", "主题|主旨|主題" }, { "ko", "제목" }, { "ro", "subiect" }, { "el", "θέμα" },
	{ "id", "perihal|subjek" }, { "he", "נושא" }, { "ar", "الموضوع" },
};

/* "-----Original Message-----" and its translations; decoration is checked in C */
static const struct row separators[] = {
	{ "en", "original message|reply message|original e-?mail" },
	{ "fr", "message d'origine|message original|courriel original|message d’origine" },
	{ "de", "urspr[üu]ngliche nachricht|original-?nachricht" },
	{ "nl", "oorspronkelijk bericht|origineel bericht" },
	{ "es", "mensaje original" }, { "it", "messaggio originale" }, { "pt", "mensagem original" },
	{ "sv", "originalmeddelande|ursprungligt meddelande" },
	{ "da/no", "oprindelig (meddelelse|besked)|original meddelelse|opprinnelig melding|originalmelding" },
	{ "pl", "wiadomo[śs][ćc] oryginalna|oryginalna wiadomo[śs][ćc]" },
	{ "cs/sk", "p[ůu]vodn[íi] zpr[áa]va|p[ôo]vodn[áa] spr[áa]va" },
	{ "ru/uk", "исходное сообщение|оригинальное сообщение|вихідне повідомлення|оригінальне повідомлення" },
	{ "fi", "alkuper[äa]inen viesti" }, { "hu", "eredeti [üu]zenet" },
	{ "tr", "orijinal mesaj|[öo]zg[üu]n ileti|orijinal ileti" }, { "vi", "thư gốc|tin nhắn gốc" },
	{ "ja", "元のメッセージ|オリジナル メッセージ" }, { "zh", "原始邮件|原始郵件|原始信件|原邮件" },
	{ "ko", "원본 메시지|원본 메일" }, { "ro", "mesaj original" }, { "el", "αρχικό μήνυμα" },
};

/* forwarded mail: what follows is kept, never cut as a quote */
static const struct row forwards[] = {
	{ "en", "forwarded message|begin forwarded message|forwarded by|forwarded e-?mail" },
	{ "fr", "d[ée]but du message r[ée]exp[ée]di[ée]|message transf[ée]r[ée]|d[ée]but du message transf[ée]r[ée]|courriel transf[ée]r[ée]" },
	{ "de", "weitergeleitete nachricht|anfang der weitergeleiteten (e-mail|nachricht)" },
	{ "nl", "doorgestuurd bericht|begin doorgestuurd bericht" },
	{ "es", "mensaje reenviado|inicio del mensaje reenviado" },
	{ "it", "messaggio inoltrato|inizio messaggio inoltrato" },
	{ "pt", "mensagem encaminhada|in[íi]cio da mensagem reencaminhada|mensagem reencaminhada" },
	{ "sv/da/no", "vidarebefordrat meddelande|videresendt meddelelse|videresendt melding|start p[åa] videresendt" },
	{ "pl", "przekazana wiadomo[śs][ćc]|wiadomo[śs][ćc] przekazana" },
	{ "cs/sk", "p[řr]eposlan[áa] zpr[áa]va|preposlan[áa] spr[áa]va" },
	{ "ru/uk", "пересылаемое сообщение|пересланное сообщение|переслане повідомлення" },
	{ "fi", "v[äa]litetty viesti|edelleenl[äa]hetetty viesti" }, { "hu", "tov[áa]bb[íi]tott [üu]zenet" },
	{ "tr", "iletilen mesaj|iletilmiş ileti" }, { "vi", "tin nhắn đã chuyển tiếp|thư chuyển tiếp" },
	{ "ja", "転送されたメッセージ|転送メッセージ" }, { "zh", "转发的邮件|轉寄的郵件|转发邮件" },
	{ "ko", "전달된 메시지" },
};

/* device and client lines appended under the text; the line must be short */
static const struct row devices[] = {
	{ "en", "sent from my\\b.*|sent from (outlook|mail for windows|yahoo|samsung|aol|gmail|proton|icloud|my mobile|mobile|the mail app|xfinity|blackberry).*"
	    "|sent from .{0,20}(huawei|xiaomi|oneplus|android|iphone|ipad|galaxy|pixel|phone|tablet|device|smartphone)\\b.{0,20}"
	    "|sent (via|with|using) .*|get outlook for (ios|android).*|sent on the go.*"
	    "|sent from .{1,30} (for|on) (iphone|ipad|android|ios)|sent with (protonmail|proton mail|spark|blue mail)\\b.*" },
	{ "fr", "envoy[ée] (de|depuis|à partir de|a partir de|avec|via) (mon|ma|l'application|outlook|yahoo|samsung|protonmail|proton|un)\\b.{0,30}"
	    "|envoy[ée] (de|depuis) .{1,30}|t[ée]l[ée]charger outlook.*|obtenir outlook pour.*" },
	{ "de", "von meinem .{1,40} gesendet|gesendet (von|mit|vom|über) .{1,40}|mit .{1,30} gesendet" },
	{ "nl", "verzonden (vanaf|met|via) .{1,40}|verstuurd (vanaf|met|via) .{1,40}" },
	{ "es", "enviado (desde|con) .{1,40}|obtener outlook para.*" },
	{ "it", "inviato (da|dal|dalla|con) .{1,40}" },
	{ "pt", "enviado (do|de|a partir do|pelo) .{1,40}" },
	{ "sv/da/no", "sendt fra .{1,40}|skickat fr[åa]n .{1,40}|skickat med .{1,40}|sendt med .{1,40}" },
	{ "pl", "wys[łl]ane (z|ze|przy u[żz]yciu) .{1,40}" },
	{ "cs/sk", "odesl[áa]no (z|ze) .{1,40}|odoslan[ée] (z|zo) .{1,40}" },
	{ "ru/uk", "отправлено (с|из|со) .{1,40}|надіслано (з|із) .{1,40}" },
	{ "fi", "l[äa]hetetty .{1,40}" },
	{ "hu", "az? .{1,30} k[üu]ldve|k[üu]ldve .{1,30}(r[óo]l|r[őo]l)|.{1,30}(r[óo]l|r[őo]l) k[üu]ldve" },
	{ "tr", ".{1,30}(den|dan|'dan|'den|’dan|’den) g[öo]nderildi" },
	{ "vi", "gửi từ .{1,40}" },
	{ "ja", ".{0,20}から送信" }, { "zh", "从我的.{1,20}发送|发自我的.{1,20}|寄自我的.{1,20}|從我的.{1,20}傳送" },
	{ "ko", ".{0,20}에서 보냄" },
};

/* closings: kept in the text, but commands and forms end above them */
static const struct row closings[] = {
	{ "fr", "(bien |tr[èe]s |tr[èe]s bien )?cordialement|cdlt|bien [àa] (vous|toi)|salutations( distingu[ée]es)?"
	    "|(sinc[èe]res|meilleures) salutations|bonne (journ[ée]e|soir[ée]e|fin de journ[ée]e)|[àa] bient[ôo]t"
	    "|merci( beaucoup| d'avance| par avance)?|bises|amiti[ée]s|respectueusement|belle journ[ée]e" },
	{ "en", "(best|kind|warm|warmest|many)? ?regards|best wishes|cheers|thanks|thank you|many thanks"
	    "|(yours )?sincerely|yours truly|all the best|best|take care|thx" },
	{ "de", "(mit )?(freundlichen|besten|herzlichen|lieben|sch[öo]nen) gr[üu](ß|ss)en|viele gr[üu](ß|ss)e|lg|mfg|vg"
	    "|gr[üu](ß|ss)e|beste gr[üu](ß|ss)e|danke" },
	{ "nl", "met vriendelijke groet(en)?|(hartelijke )?groet(en|jes)?|mvg|bedankt" },
	{ "es", "(un )?saludos?( cordiales)?|atentamente|un abrazo|gracias|cordialmente" },
	{ "it", "cordiali saluti|(distinti )?saluti|grazie|un saluto|cordialmente" },
	{ "pt", "atenciosamente|(com os )?melhores cumprimentos|cumprimentos|abra[çc]os?|obrigad[oa]" },
	{ "sv/da/no", "med v[äa]nlig(a)? h[äa]lsning(ar)?|mvh|h[äa]lsningar|vennlig hilsen|med venlig hilsen|hilsen|venlig hilsen|tack" },
	{ "pl", "pozdrawiam( serdecznie)?|z powa[żz]aniem|serdeczne pozdrowienia|dzi[ęe]kuj[ęe]" },
	{ "cs/sk", "s pozdravem|s pozdravom|d[ěe]kuji|[ďd]akujem" },
	{ "ru/uk", "с уважением|всего доброго|спасибо|з повагою|дякую" },
	{ "fi", "yst[äa]v[äa]llisin terveisin|terveisin|kiitos" },
	{ "hu", "[üu]dv[öo]zlettel|tisztelettel|k[öo]sz[öo]n[öo]m" },
	{ "tr", "sayg[ıi]lar[ıi]mla|iyi [çc]al[ıi][şs]malar|te[şs]ekk[üu]rler" },
	{ "vi", "trân trọng|thân ái|cảm ơn" }, { "ro", "cu stim[ăa]|toate cele bune|mul[țt]umesc" },
	{ "ja", "よろしくお願いします|よろしくお願いいたします|宜しくお願いします" },
	{ "zh", "此致|敬礼|谢谢|祝好|顺祝商祺" }, { "ko", "감사합니다|안녕히" },
};

static pcre2_code *re[RR_MAX];
static pcre2_match_data *md;

/* alternation - the rows joined as (*MARK:name)(?:re)|... */
static void
alternation(struct strbuf *sb, const struct row *rows, size_t n)
{
	strbuf_addstr(sb, "(?:");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s(*MARK:%s)(?:%s)", i ? "|" : "", rows[i].name, rows[i].re);
	strbuf_addch(sb, ')');
}

static pcre2_code *
compile(const char *pat)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);

	if (c == NULL) {
		PCRE2_UCHAR msg[200];

		pcre2_get_error_message(err, msg, sizeof(msg));
		BUG("reply pattern at %zu: %s: %s", (size_t)off, (const char *)msg, pat);
	}
	(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

/* header_pattern - "Label: value" for one field, optionally in bold (*From:*) */
static void
header_pattern(struct strbuf *sb, const struct row *rows, size_t n)
{
	strbuf_addstr(sb, "^[*_]{0,2}");
	alternation(sb, rows, n);
	strbuf_addstr(sb, "[*_]{0,2}\\s{0,2}[:：][*_]{0,2}(?:\\s|$)");
}

static void
init(void)
{
	struct strbuf sb = STRBUF_INIT;

	if (md)
		return;
	/*
	 * attribution: anything, the verb, an optional colon at the end; or the
	 * verb, the author and a colon
	 */
	strbuf_addstr(&sb, "^(?:(?:.{0,400}?[\\s,)>\\]\\d\\p{Han}\\p{Hangul}])?");
	alternation(&sb, wrote_verbs, ARRAY_SIZE(wrote_verbs));
	strbuf_addstr(&sb, "(?:\\s+(?:the following|le suivant|folgendes|følgende|följande))?\\s*[:：]?\\s*$"
	    "|.{0,300}?\\s");
	alternation(&sb, wrote_verbs_first, ARRAY_SIZE(wrote_verbs_first));
	strbuf_addstr(&sb, "\\s.{1,120}?[:：]\\s*$|");
	alternation(&sb, quoting, ARRAY_SIZE(quoting));
	strbuf_addstr(&sb, "\\s.{1,200}?[:：]\\s*$)");
	re[RR_WROTE] = compile(sb.buf);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "^");
	alternation(&sb, wrote_openers, ARRAY_SIZE(wrote_openers));
	strbuf_addstr(&sb, "[\\s,]");
	re[RR_OPENER] = compile(sb.buf);
	/* the reply and the attribution on one line: group 1 is the reply */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "^(.*?\\S)\\s+(?:(?-i:On|Le|Am|El|Il|Op|Em|Den|Dne|W dniu)\\s\\S.{4,300}?"
	    "|\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}\\s.{4,300}?)(?:\\s");
	alternation(&sb, wrote_verbs, ARRAY_SIZE(wrote_verbs));
	strbuf_addstr(&sb, "\\s*[:：]|\\s");
	alternation(&sb, wrote_verbs_first, ARRAY_SIZE(wrote_verbs_first));
	strbuf_addstr(&sb, "\\s.{1,120}?[:：]|[<(](?:mailto:)?[^<>\\s]+@[^<>\\s]+[>)]\\s*[:：])\\s*$");
	re[RR_WROTE_INLINE] = compile(sb.buf);
	re[RR_DATE_FIRST] = compile(date_first);
	re[RR_ADDR_COLON] = compile(addr_colon);
	strbuf_reset(&sb);
	header_pattern(&sb, from_labels, ARRAY_SIZE(from_labels));
	re[RR_HDR_FROM] = compile(sb.buf);
	strbuf_reset(&sb);
	header_pattern(&sb, sent_labels, ARRAY_SIZE(sent_labels));
	re[RR_HDR_SENT] = compile(sb.buf);
	strbuf_reset(&sb);
	header_pattern(&sb, to_labels, ARRAY_SIZE(to_labels));
	re[RR_HDR_TO] = compile(sb.buf);
	strbuf_reset(&sb);
	header_pattern(&sb, subject_labels, ARRAY_SIZE(subject_labels));
	re[RR_HDR_SUBJECT] = compile(sb.buf);
	/* a whole header block flattened on one line (HTML converted by a client) */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "^[*_]{0,2}");
	alternation(&sb, from_labels, ARRAY_SIZE(from_labels));
	strbuf_addstr(&sb, "[*_]{0,2}\\s?[:：].{1,300}?\\s[*_]{0,2}");
	alternation(&sb, sent_labels, ARRAY_SIZE(sent_labels));
	strbuf_addstr(&sb, "[*_]{0,2}\\s?[:：].{1,300}?\\s[*_]{0,2}(?:");
	alternation(&sb, to_labels, ARRAY_SIZE(to_labels));
	strbuf_addch(&sb, '|');
	alternation(&sb, subject_labels, ARRAY_SIZE(subject_labels));
	strbuf_addstr(&sb, ")[*_]{0,2}\\s?[:：]");
	re[RR_HDR_FLAT] = compile(sb.buf);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "^[-_=*~\\s]*");
	alternation(&sb, separators, ARRAY_SIZE(separators));
	strbuf_addstr(&sb, "[-_=*~\\s:]*$");
	re[RR_SEPARATOR] = compile(sb.buf);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "^[-_=*~\\s>]*");
	alternation(&sb, forwards, ARRAY_SIZE(forwards));
	strbuf_addstr(&sb, "\\b.{0,80}$");
	re[RR_FORWARD] = compile(sb.buf);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "^[\\s*_]*");
	alternation(&sb, devices, ARRAY_SIZE(devices));
	/* Outlook mobile appends its link: "Get Outlook for Android<https://aka.ms/...>" */
	strbuf_addstr(&sb, "[\\s*_.!]*(?:<https?://[^<>\\s]*>)?[\\s*_.!]*$");
	re[RR_DEVICE] = compile(sb.buf);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "^[\\s*_]*");
	alternation(&sb, closings, ARRAY_SIZE(closings));
	strbuf_addstr(&sb, "[\\s,.!;:*_]*(?:\\s*[-–—]?\\s*\\p{Lu}[\\p{L}.'-]{0,20}(?:\\s\\p{Lu}[\\p{L}.'-]{0,20}){0,2}[\\s.,!]*)?$");
	re[RR_CLOSING] = compile(sb.buf);
	strbuf_release(&sb);
	md = pcre2_match_data_create(4, NULL);
}

const char *
reply_rule_match(enum reply_rule_kind kind, const char *s, size_t len, size_t *group_end_r)
{
	int rc;

	init();
	if ((unsigned)kind >= RR_MAX)
		BUG("reply rule %d", (int)kind);
	rc = pcre2_match(re[kind], (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	if (rc < 0)
		return NULL;
	if (group_end_r) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		*group_end_r = rc > 1 ? (size_t)ov[3] : 0;
	}
	{
		PCRE2_SPTR mark = pcre2_get_mark(md);

		return mark ? (const char *)mark : "";
	}
}
