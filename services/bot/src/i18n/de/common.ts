import type { common as en } from '../en/common.ts';
import type { Translation } from '../message.ts';

export const common: Translation<typeof en> = {
  permissionMissing: 'Dafür brauchst du die Berechtigung **{permission}**.',
  optionMissing: 'Gib einen Wert für `{option}` an.',
  optionType:
    '`{option}` muss {expected, select, integer {eine ganze Zahl} number {eine Zahl} boolean {wahr oder falsch} snowflake {ein Mitglied, eine Rolle oder ein Kanal} other {ein Text}} sein.',
  optionRange:
    '`{option}` muss {bounds, select, both {zwischen {min, number} und {max, number} liegen} min {mindestens {min, number} sein} max {höchstens {max, number} sein} other {eine Zahl sein}}.',
  optionLength:
    '`{option}` muss {bounds, select, both {{min, number} bis {max, number} Zeichen lang sein} min {mindestens {min, number} Zeichen lang sein} max {höchstens {max, number} Zeichen lang sein} other {ein Text sein}}.',
  optionChoice: '`{option}` muss eines davon sein: {choices}.',
  optionFormat: '`{option}` hat eine Form, die Guildhall nicht versteht.',
  commandUnknown:
    'Guildhall kennt `{command}` nicht. Die Befehle haben sich vielleicht geändert; versuch es in einer Minute noch einmal.',
  commandNotOnWeb: '`{command}` geht nur auf Discord, nicht im Dashboard.',
  durationInvalid: '{input} ist keine Dauer; schreib sie wie `10m`, `1h30m`, `7d` oder `2w`.',
  durationTooLong: 'Das ist zu lang für `{option}`: höchstens {max}.',
  durationTooShort: 'Das ist zu kurz für `{option}`: mindestens {min}.',
  roleEveryone: 'Alle haben @everyone schon; wähle eine andere Rolle.',
  roleManaged: 'Diese Rolle wird von einer Integration verwaltet, niemand kann sie von Hand vergeben.',
  roleAboveBot:
    'Diese Rolle steht nicht unter der höchsten Rolle von Guildhall; schieb die Rolle von Guildhall zuerst darüber.',
  roleAboveInvoker: 'Diese Rolle steht nicht unter deiner höchsten Rolle, also kannst du sie nicht vergeben.',
  roleDangerous: 'Diese Rolle hat {permissions} – zu mächtig, als dass Guildhall sie vergeben dürfte.',
  roleUnknown: 'Guildhall konnte diese Rolle nicht prüfen; versuch es noch einmal.',
  actionRejected:
    '{discordCode, select, 50013 {Guildhall fehlt dafür eine Berechtigung, oder seine Rolle steht nicht hoch genug.} 10011 {Diese Rolle gibt es nicht mehr.} 10007 {Dieses Mitglied ist nicht mehr auf dem Server.} 10026 {Diese Person ist (nicht mehr) gebannt.} other {Discord hat abgelehnt (Fehler {discordCode}).}}',
  more: '…und {count, number} weitere',
  on: 'an',
  off: 'aus',
};
