import type { CommandTranslations } from '../commands.ts';

const count = 'Wie viele (1–25)';

export const commands: CommandTranslations = {
  karma: {
    name: 'karma',
    description: 'Karma: nachschlagen, Ranglisten und Verwaltung',
    subcommands: {
      get: {
        name: 'abfragen',
        description: 'Zeigt das Karma von Namen oder Mitgliedern',
        options: { names: 'Namen mit Leerzeichen getrennt; (mehrere Wörter) in Klammern; @Erwähnungen' },
      },
      top: { name: 'top', description: 'Das höchste Karma in diesem Server', options: { count } },
      bottom: { name: 'flop', description: 'Das niedrigste Karma in diesem Server', options: { count } },
      announce: {
        name: 'ankündigen',
        description: 'Antworten auf Karma-Änderungen ein- oder ausschalten (Server verwalten)',
        options: { enabled: 'Auf Karma-Änderungen antworten' },
      },
      history: {
        name: 'verlauf',
        description: 'Letzte Karma-Änderungen, um Missbrauch zu prüfen (Server verwalten)',
        options: { name: 'Nur Änderungen dieses Namens oder @Mitglieds' },
      },
      revert: {
        name: 'zurücknehmen',
        description: 'Eine Karma-Änderung aus dem Verlauf rückgängig machen (Server verwalten)',
        options: { id: 'Die Nummer der Änderung aus dem Verlauf' },
      },
    },
  },
  balance: {
    name: 'kontostand',
    description: 'Zeigt deinen Kontostand oder den eines anderen Mitglieds',
    options: { member: 'Wessen Kontostand (sonst deiner)' },
  },
  give: {
    name: 'geben',
    description: 'Gib einem anderen Mitglied etwas von deinem Geld',
    options: { member: 'Wer das Geld bekommt', amount: 'Wie viel, in ganzen Einheiten, z. B. 250' },
  },
  daily: {
    name: 'täglich',
    description: 'Hol dir deine tägliche Belohnung (alle 24 Stunden; innerhalb von 48 Stunden für die Serie)',
  },
  leaderboard: { name: 'rangliste', description: 'Die reichsten Mitglieder dieses Servers', options: { count } },
  economy: {
    name: 'wirtschaft',
    description: 'Die Wirtschaft des Servers verwalten (Server verwalten)',
    subcommands: {
      grant: {
        name: 'gutschreiben',
        description: 'Einem Mitglied Geld aus dem Nichts geben',
        options: { member: 'Wer das Geld bekommt', amount: 'Wie viel, z. B. 1000' },
      },
      take: {
        name: 'abziehen',
        description: 'Geld vom Kontostand eines Mitglieds abziehen',
        options: { member: 'Wessen Geld', amount: 'Wie viel, z. B. 1000' },
      },
      settings: {
        name: 'einstellungen',
        description: 'Währung, Verdienst pro Nachricht und tägliche Belohnung anzeigen oder ändern',
        options: {
          currency_name: 'z. B. Münzen',
          currency_symbol: 'z. B. 🪙',
          earn_amount: 'Pro Nachricht bezahlt (0 schaltet es aus)',
          earn_cooldown: 'Sekunden zwischen bezahlten Nachrichten pro Mitglied',
          daily_amount: 'Von /täglich bezahlt (0 schaltet es aus)',
        },
      },
      history: {
        name: 'verlauf',
        description: 'Letzte Kontobewegungen (das Hauptbuch)',
        options: { member: 'Nur dieses Mitglied' },
      },
      'shop-add': {
        name: 'shop-hinzufügen',
        description: 'Eine Rolle zum Verkauf anbieten oder ihren Preis ändern',
        options: { role: 'Die zu verkaufende Rolle', price: 'Preis, z. B. 500', description: 'Wird im Shop angezeigt' },
      },
      'shop-remove': {
        name: 'shop-entfernen',
        description: 'Eine Rolle aus dem Verkauf nehmen',
        options: { role: 'Die Rolle' },
      },
    },
  },
  shop: { name: 'shop', description: 'Rollen, die in diesem Server zu kaufen sind' },
  buy: { name: 'kaufen', description: 'Eine Rolle im Shop kaufen', options: { role: 'Die Rolle (siehe Shop)' } },
  rank: {
    name: 'rang',
    description: 'Zeigt dein Level und deine XP oder die eines anderen Mitglieds',
    options: { member: 'Wessen Rang (sonst deiner)' },
  },
  levels: { name: 'levels', description: 'Die Mitglieder mit den meisten XP', options: { count } },
  'levels-config': {
    name: 'levels-einstellungen',
    description: 'Levels einstellen (Server verwalten)',
    subcommands: {
      show: { name: 'anzeigen', description: 'Level-Einstellungen und Rollenbelohnungen anzeigen' },
      xp: {
        name: 'xp',
        description: 'XP pro Nachricht (zufällig in einem Bereich) und die Wartezeit',
        options: {
          min: 'Mindest-XP pro Nachricht',
          max: 'Höchst-XP pro Nachricht',
          cooldown: 'Sekunden zwischen XP-Nachrichten pro Mitglied',
        },
      },
      announce: {
        name: 'ankündigen',
        description: 'Level-Aufstiege ankündigen oder nicht, und wo',
        options: { enabled: 'Level-Aufstiege ankündigen', channel: 'Wo (sonst als Antwort auf die Nachricht)' },
      },
      'reward-set': {
        name: 'belohnung-setzen',
        description: 'Mitgliedern, die ein Level erreichen, eine Rolle geben',
        options: { level: 'Das Level', role: 'Die Rolle' },
      },
      'reward-remove': {
        name: 'belohnung-entfernen',
        description: 'Bei einem Level keine Rolle mehr geben',
        options: { level: 'Das Level' },
      },
    },
  },
  warn: {
    name: 'verwarnen',
    description: 'Ein Mitglied verwarnen (wird als Fall festgehalten)',
    options: { member: 'Wer verwarnt wird', reason: 'Warum (steht im Fall und im Audit-Log)' },
  },
  timeout: {
    name: 'timeout',
    description: 'Ein Mitglied mit dem Timeout von Discord stummschalten (höchstens 28 Tage)',
    options: {
      member: 'Wer einen Timeout bekommt',
      duration: 'Wie lange, z. B. 10m, 1h30m, 7d (höchstens 28d)',
      reason: 'Warum (steht im Fall und im Audit-Log)',
    },
  },
  kick: {
    name: 'kicken',
    description: 'Ein Mitglied kicken',
    options: { member: 'Wer gekickt wird', reason: 'Warum (steht im Fall und im Audit-Log)' },
  },
  ban: {
    name: 'bannen',
    description: 'Jemanden bannen, für immer oder für eine Weile',
    options: {
      member: 'Wer gebannt wird',
      duration: 'Wie lange, z. B. 1d, 2w; leer für einen dauerhaften Bann',
      delete_days: 'Nachrichten der letzten N Tage löschen (0–7)',
      reason: 'Warum (steht im Fall und im Audit-Log)',
    },
  },
  unban: {
    name: 'entbannen',
    description: 'Einen Bann aufheben',
    options: {
      user: 'Wer entbannt wird: aus der Bannliste wählen, oder eine ID oder ein Name',
      reason: 'Warum (steht im Fall und im Audit-Log)',
    },
  },
  purge: {
    name: 'aufräumen',
    description: 'Die letzten Nachrichten vor diesem Befehl löschen (angeheftete und über 14 Tage alte bleiben)',
    options: { count: 'Wie viele der letzten Nachrichten (1–1000)' },
  },
  case: { name: 'fall', description: 'Einen Moderationsfall anzeigen', options: { number: 'Fallnummer' } },
  cases: {
    name: 'fälle',
    description: 'Die neuesten Moderationsfälle, des Servers oder eines Mitglieds',
    options: {
      member: 'Nur die Fälle dieses Mitglieds',
      before: 'Ältere Fälle: die vor dieser Fallnummer (10 pro Seite)',
    },
  },
  reason: {
    name: 'grund',
    description: 'Den Grund eines Falls ändern',
    options: { number: 'Fallnummer', text: 'Der neue Grund' },
  },
  modconfig: {
    name: 'mod-einstellungen',
    description: 'Moderationseinstellungen (Server verwalten)',
    subcommands: {
      logchannel: {
        name: 'log-kanal',
        description: 'Wohin Fälle gepostet werden; leer lassen, um nicht mehr zu posten',
        options: { channel: 'Der Mod-Log-Kanal' },
      },
      escalation: {
        name: 'eskalation',
        description: 'Was nach zu vielen Verwarnungen passiert',
        options: {
          warns: 'Verwarnungen, die es auslösen (0 = aus)',
          days: 'Innerhalb wie vieler Tage',
          action: { description: 'Was passiert', choices: { timeout: 'Timeout', kick: 'Kicken', ban: 'Bannen' } },
          duration: 'Dauer von Timeout oder Bann, z. B. 1h (leer: 1h Timeout, dauerhafter Bann)',
        },
      },
      antispam: {
        name: 'antispam',
        description: 'Grenzen für Nachrichtenrate und Erwähnungen',
        options: {
          messages: 'Höchstens so viele Nachrichten … (0 = aus)',
          seconds: '… in so vielen Sekunden',
          mentions: 'Höchstens so viele Erwähnungen in einer Nachricht (0 = aus)',
          action: { description: 'Was mit Spammern passiert', choices: { warn: 'Verwarnen', timeout: 'Timeout' } },
          duration: 'Timeout-Dauer, z. B. 10m',
        },
      },
      show: { name: 'anzeigen', description: 'Die Moderationseinstellungen anzeigen' },
    },
  },
  welcome: {
    name: 'willkommen',
    description: 'Neue Mitglieder begrüßen (Server verwalten)',
    subcommands: {
      set: {
        name: 'setzen',
        description: 'Neue Mitglieder in einem Kanal begrüßen',
        options: { channel: 'Wo begrüßt wird', message: 'Vorlage mit {user}, {server}, {count}' },
      },
      autorole: {
        name: 'autorolle',
        description: 'Neuen Mitgliedern eine Rolle geben; leer lassen, um aufzuhören',
        options: { role: 'Die Rolle' },
      },
      off: { name: 'aus', description: 'Neue Mitglieder nicht mehr begrüßen' },
      show: { name: 'anzeigen', description: 'Die Begrüßungseinstellungen anzeigen' },
    },
  },
  remind: {
    name: 'erinnern',
    description: 'Erinnerungen für dich selbst',
    subcommands: {
      create: {
        name: 'neu',
        description: 'Erinnere mich später in diesem Kanal',
        options: { when: 'In wie lange, z. B. 10m, 2h, 3d', text: 'Woran erinnert werden soll' },
      },
      list: { name: 'liste', description: 'Deine offenen Erinnerungen' },
      cancel: {
        name: 'abbrechen',
        description: 'Eine deiner Erinnerungen abbrechen',
        options: { id: 'Ihre Nummer aus der Liste' },
      },
    },
  },
  temprole: {
    name: 'zeitrolle',
    description: 'Einem Mitglied eine Rolle für eine Weile geben',
    options: {
      member: 'Wer die Rolle bekommt',
      role: 'Die Rolle',
      duration: 'Wie lange, z. B. 1h, 7d (höchstens 365d)',
    },
  },
  birthday: {
    name: 'geburtstag',
    description: 'Geburtstage, einmal im Jahr angekündigt',
    subcommands: {
      set: {
        name: 'setzen',
        description: 'Deinen Geburtstag speichern',
        options: { month: 'Monat (1–12)', day: 'Tag (1–31)' },
      },
      remove: { name: 'entfernen', description: 'Deinen Geburtstag vergessen' },
      channel: {
        name: 'kanal',
        description: 'Wo Geburtstage angekündigt werden (Server verwalten); leer, um aufzuhören',
        options: { channel: 'Der Kanal' },
      },
      timezone: {
        name: 'zeitzone',
        description: 'Die Zeitzone des Servers für Geburtstage (Server verwalten)',
        options: { zone: 'Eine IANA-Zone, z. B. Europe/Berlin' },
      },
    },
  },
  guildhall: {
    name: 'guildhall',
    description: 'Über Guildhall',
    subcommands: {
      about: { name: 'info', description: 'Version, Laufzeit und welche Funktionen an sind' },
      'public-pages': {
        name: 'öffentliche-seiten',
        description: 'Die Bestenlisten des Servers im Web allen zeigen oder nur Mitgliedern (Server verwalten)',
        options: { enabled: 'Jeder mit dem Link darf die Bestenlisten sehen' },
      },
    },
  },
  help: { name: 'hilfe', description: 'Die Befehle, die du hier nutzen kannst' },
};
