package io.dataexporter.gateway.bulk;

import io.dataexporter.cleanup.RemoveExports;
import io.dataexporter.error.ConflictException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.error.TransientException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.bulk.BulkRequest.BulkCommand;
import io.dataexporter.gateway.export.ControlExport;
import io.dataexporter.gateway.export.ExportAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Cancels or deletes each export of a bulk request exactly as its single route would: the same
 * ownership check (someone else's export is not found), the same use case, the same audit event.
 * Each export is handled on its own; a failure is recorded in its result and the next goes on.
 */
@Component
class ApplyBulkAction {
  private static final Logger log = LoggerFactory.getLogger(ApplyBulkAction.class);
  private final ExportAccess access;
  private final ControlExport control;
  private final RemoveExports removeExports;
  private final AuditTrail audit;

  ApplyBulkAction(
      ExportAccess access, ControlExport control, RemoveExports removeExports, AuditTrail audit) {
    this.access = access;
    this.control = control;
    this.removeExports = removeExports;
    this.audit = audit;
  }

  BulkResponse apply(BulkCommand command) {
    List<BulkResponse.Item> results = new ArrayList<>();
    for (UUID id : command.exportIds()) {
      results.add(applyTo(command.action(), id));
    }
    return BulkResponse.of(command.action(), results);
  }

  private BulkResponse.Item applyTo(BulkAction action, UUID id) {
    String exportId = id.toString();
    try {
      UUID owned = access.find(id).id();
      return switch (action) {
        case CANCEL -> cancel(owned);
        case DELETE -> delete(owned);
      };
    } catch (NotFoundException e) {
      return failure(exportId, "not_found", 404, e.getMessage());
    } catch (ConflictException e) {
      return failure(exportId, "conflict", 409, e.getMessage());
    } catch (TransientException e) {
      log.warn("bulk {} of export {}: {}", action.wire(), exportId, e.getMessage());
      return failure(exportId, "error", 503, e.getMessage());
    } catch (RuntimeException e) {
      String reference = UUID.randomUUID().toString();
      log.error("bulk {} of export {} failed, reference {}", action.wire(), exportId, reference, e);
      return failure(exportId, "error", 500, "failed on our side; report reference " + reference);
    }
  }

  private BulkResponse.Item cancel(UUID id) {
    control.cancel(id);
    audit.record("export_cancelled", id.toString(), "bulk");
    return new BulkResponse.Item(id.toString(), BulkAction.CANCEL.done(), 200, null, null);
  }

  private BulkResponse.Item delete(UUID id) {
    long freed = removeExports.remove(id);
    audit.record("export_deleted", id.toString(), "bulk, freed " + freed + " bytes");
    if (freed < 0) {
      throw new NotFoundException("export " + id + " not found");
    }
    return new BulkResponse.Item(id.toString(), BulkAction.DELETE.done(), 200, null, freed);
  }

  private static BulkResponse.Item failure(
      String exportId, String outcome, int status, String detail) {
    return new BulkResponse.Item(exportId, outcome, status, detail, null);
  }
}
