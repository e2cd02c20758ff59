/* msg.c — the message catalogue (see msg.h). */
#include "msg.h"
#include <errno.h>
#include <string.h>

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

const char *zh_en(const char *zh, const char *en)
{
    return msg_lang == LANG_ZH ? zh : en;
}

const char *errno_text(int err)
{
    if (err == ENODEV) return msg(MSG_IO_NOT_REGULAR); /* open_regular's refusal */
    if (msg_lang == LANG_ZH) {
        switch (err) {
        case ENOENT: return "文件或文件夹不存在";
        case EACCES: return "没有访问权限";
        case EISDIR: return "这是文件夹，不是文件";
        case ENOTDIR: return "路径中有一段不是文件夹";
        case ENOSPC: return "磁盘空间不足";
        case EROFS: return "文件系统只读";
        case EADDRINUSE: return "地址已被占用";
        default: break;
        }
    }
    return strerror(err);
}
