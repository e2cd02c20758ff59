/* msg.c — the message catalogue (see msg.h). */
#include "msg.h"

Lang msg_lang = LANG_ZH;

static const char *const catalogue[MSG_COUNT][2] = {
#define MSG_ROW(id, zh, en) {zh, en},
    MSG_TABLE(MSG_ROW)
#undef MSG_ROW
};

const char *msg(MsgId id)
{
    return catalogue[id][msg_lang];
}
