#include "ui/adapter_catalog.h"

#include <QCoreApplication>
#include <QDir>

#include "ui/control_panel.h"

namespace reverie::ui {

namespace {

QString tr_catalog(const char* text) {
    return QCoreApplication::translate("reverie::ui::AdapterCatalog", text);
}

}  // namespace

const FoundAdapter* AdapterCatalog::lora(const QString& name) const {
    for (const FoundAdapter& a : adapters)
        if (a.role == FoundAdapter::Role::Lora && a.name == name) return &a;
    return nullptr;
}

QString lora_tag_problem(const PromptTag& tag, const AdapterCatalog& catalog,
                         const QString& modelFamily) {
    if (!tag.problem.isEmpty()) return tag.problem;
    if (!catalog.scanned) return {};
    const FoundAdapter* found = catalog.lora(tag.name);
    if (!found) {
        if (catalog.lora_folders.isEmpty())
            return tr_catalog(QT_TRANSLATE_NOOP(
                                  "reverie::ui::AdapterCatalog",
                                  "No LoRA named '%1': there is no Lora, LyCORIS or loras folder "
                                  "beside or inside the model folders (File → Settings)"))
                .arg(tag.name);
        QStringList shown;
        for (const QString& f : catalog.lora_folders) shown << QDir::toNativeSeparators(f);
        return tr_catalog(
                   QT_TRANSLATE_NOOP("reverie::ui::AdapterCatalog", "No LoRA named '%1' in %2"))
            .arg(tag.name, shown.join(QStringLiteral(", ")));
    }
    if (!found->problem.isEmpty())
        return tr_catalog(
                   QT_TRANSLATE_NOOP("reverie::ui::AdapterCatalog", "'%1' cannot be used: %2"))
            .arg(tag.name, found->problem);
    // The family rule is the ControlNets' (an inpainting model takes its family's adapters).
    if (!found->family.isEmpty() && !controlnet_fits(found->family, modelFamily))
        return tr_catalog(QT_TRANSLATE_NOOP("reverie::ui::AdapterCatalog",
                                            "'%1' is an %2 LoRA; the model is %3"))
            .arg(tag.name, found->family, modelFamily);
    return {};
}

}  // namespace reverie::ui
