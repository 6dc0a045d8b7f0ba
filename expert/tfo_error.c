/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_error.h"

const char *tfo_strerror(int code)
{
    switch (code) {
    case TFO_ERR_TRUNCATED:  return "option runs past the end of the TCP header";
    case TFO_ERR_BAD_LENGTH: return "invalid Fast Open option length";
    case TFO_ERR_REPLAY:     return "frame already analysed";
    case TFO_ERR_INVALID:    return "invalid observation";
    case TFO_ERR_UNCAPTURED: return "options not captured in full";
    case TFO_ERR_FINISHED:   return "capture already finished";
    default:                 return "no error";
    }
}
